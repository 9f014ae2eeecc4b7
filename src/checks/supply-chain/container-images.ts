import type { ContainerRef, Workload } from '../../core/k8s/workload.js';
import { describeRef, refOf } from '../../core/k8s/object.js';
import type { FieldPath } from '../../core/path.js';
import { parseImageReference, type ImageReference } from './image-reference.js';

export interface ContainerImage {
  ref: ContainerRef;
  /** The image as written. */
  text: string;
  /** Undefined when the reference does not parse. */
  image?: ImageReference;
  path: FieldPath;
  /** `Deployment default/web`. */
  object: string;
}

/** Seven checks read the same images: parse them once per workload (keyed by identity, so nothing outlives the scan). */
const cache = new WeakMap<Workload, ContainerImage[]>();

/** Every container of a workload that names an image, with the image parsed. */
export function containerImages(workload: Workload): ContainerImage[] {
  const cached = cache.get(workload);
  if (cached) return cached;
  const object = describeRef(refOf(workload.object));
  const out: ContainerImage[] = [];
  for (const ref of workload.containers) {
    const text = ref.container.image;
    if (typeof text !== 'string' || text.trim() === '') continue;
    const item: ContainerImage = { ref, text, path: [...ref.path, 'image'], object };
    const image = parseImageReference(text);
    if (image) item.image = image;
    out.push(item);
  }
  cache.set(workload, out);
  return out;
}
