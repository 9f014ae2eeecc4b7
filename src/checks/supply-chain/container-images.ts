import { describeWorkload, type ContainerRef, type Workload } from '../../core/k8s/workload.js';
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

/**
 * Seven checks read the same images, one workload after another: the last workload's images
 * are kept. (A WeakMap of every workload kept each one's images alive through young
 * collections into the old generation: a full collection every few hundred webhook requests.)
 */
let last: { workload: Workload; images: ContainerImage[] } | undefined;

/** Every container of a workload that names an image, with the image parsed. */
export function containerImages(workload: Workload): ContainerImage[] {
  if (last?.workload === workload) return last.images;
  const out: ContainerImage[] = [];
  for (const ref of workload.containers) {
    const text = ref.container.image;
    if (typeof text !== 'string' || text.trim() === '') continue;
    const item: ContainerImage = { ref, text, path: [...ref.path, 'image'], object: describeWorkload(workload) };
    const image = parseImageReference(text);
    if (image) item.image = image;
    out.push(item);
  }
  last = { workload, images: out };
  return out;
}
