import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Descriptor, parsePlatform, selectPlatform } from './manifest.js';

const entry = (platform: string): Descriptor => ({ digest: `sha256:${platform}`, platform: parsePlatform(platform) });
const index = { manifests: ['linux/amd64', 'linux/arm/v6', 'linux/arm/v7', 'linux/arm64/v8', 'windows/amd64'].map(entry) };
const pick = (platform: string) => selectPlatform(index, parsePlatform(platform), 'index').digest.slice(7);

describe('platform selection', () => {
  it('matches os and architecture, and an unstated variant as the default one', () => {
    assert.equal(pick('linux/amd64'), 'linux/amd64');
    assert.equal(pick('linux/arm64'), 'linux/arm64/v8');
    assert.equal(pick('linux/arm'), 'linux/arm/v7');
    assert.equal(pick('linux/arm/v6'), 'linux/arm/v6');
    assert.equal(pick('windows/amd64'), 'windows/amd64');
    assert.equal(selectPlatform({ manifests: [entry('linux/arm64')] }, parsePlatform('linux/arm64/v8'), 'i').digest, 'sha256:linux/arm64');
  });

  it('names what is offered when nothing fits', () => {
    assert.throws(() => pick('linux/arm/v5'), /no image for platform linux\/arm\/v5 \(offered: linux\/amd64, linux\/arm\/v6, linux\/arm\/v7, linux\/arm64\/v8, windows\/amd64\)/);
    assert.throws(() => pick('linux/s390x'), /linux\/s390x/);
    assert.throws(() => parsePlatform('linux'), /expected os\/architecture/);
  });
});
