import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  PAGE_ENTRIES,
  resolvePageAssets,
  ViteManifestSchema,
} from '../../../../lti-tool/web/asset-manifest.ts';

// The shape `vite build --config lti-tool/web/vite.config.ts` writes to .output/lti-web/.vite/manifest.json.
const manifest = v.parse(ViteManifestSchema, {
  '_shared-C.css': { file: 'shared-C.css', src: '_shared-C.css' },
  '_shared-D.js': { file: 'shared-D.js', name: 'shared', css: ['shared-C.css'] },
  'lti-tool/web/pages/coach/main.ts': {
    file: 'coach-A.js',
    name: 'coach',
    src: 'lti-tool/web/pages/coach/main.ts',
    isEntry: true,
    imports: ['_shared-D.js'],
    css: ['coach-B.css'],
  },
  'lti-tool/web/pages/teacher/main.ts': {
    file: 'teacher-A.js',
    isEntry: true,
    imports: ['_shared-D.js'],
  },
});

describe('resolvePageAssets', () => {
  it('finds the entry script and the stylesheets of the entry and its shared chunks', () => {
    expect(resolvePageAssets(manifest, 'coach')).toEqual({
      script: '/assets/coach-A.js',
      css: ['/assets/coach-B.css', '/assets/shared-C.css'],
      preload: ['/assets/shared-D.js'],
    });
    expect(resolvePageAssets(manifest, 'teacher').css).toEqual(['/assets/shared-C.css']);
  });

  it('says what to do when the build is missing a page', () => {
    const { [PAGE_ENTRIES.teacher]: _omit, ...coachOnly } = manifest;
    expect(() => resolvePageAssets(coachOnly, 'teacher')).toThrow(/build:web/);
  });
});
