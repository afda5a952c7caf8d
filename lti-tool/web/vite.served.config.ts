import { fileURLToPath } from 'node:url';
import { defineConfig, type EnvironmentOptions } from 'vite';
import { SERVED_FILES } from './asset-manifest.ts';

/**
 * The stylesheets and scripts of the server-rendered pages (SERVED_FILES in asset-manifest.ts),
 * beside the Svelte pages' build (vite.config.ts). The server serves each at its fixed URL,
 * finding its hashed file in this build's manifests (http/web-assets.ts).
 *
 * The stylesheets build together. Each script builds on its own, as one IIFE: a classic
 * `<script src>` cannot import shared chunks, so nothing may be split out of it.
 */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const outDir = fileURLToPath(new URL('../../.output/lti-served', import.meta.url));
/** Each entry once (two URLs may serve one file), named after its first SERVED_FILES key. */
const entries = new Map<string, string>();
for (const [name, file] of Object.entries(SERVED_FILES))
  if (!entries.has(file.entry)) entries.set(file.entry, name);

const environment = (name: string, input: string[]): EnvironmentOptions => ({
  consumer: 'client',
  build: {
    outDir,
    // Never emptied: a test run rebuilds while other tool servers may be serving from here.
    // Files are named by their content; the manifests name the current ones.
    emptyOutDir: false,
    assetsDir: '',
    // One manifest per build; web-assets.ts reads them all.
    manifest: `.vite/${name}.json`,
    rolldownOptions: {
      input: Object.fromEntries(input.map((entry) => [entries.get(entry), `${repoRoot}${entry}`])),
      output: input.some((entry) => entry.endsWith('.ts')) ? { format: 'iife', codeSplitting: false } : {},
    },
  },
});

const styles = [...entries.keys()].filter((entry) => entry.endsWith('.css'));
const scripts = [...entries].filter(([entry]) => entry.endsWith('.ts'));

export default defineConfig({
  root: repoRoot,
  publicDir: false,
  environments: {
    client: environment('styles', styles),
    ...Object.fromEntries(scripts.map(([entry, name]) => [name, environment(name, [entry])])),
  },
  builder: {
    async buildApp(builder) {
      for (const environment of Object.values(builder.environments)) await builder.build(environment);
    },
  },
});
