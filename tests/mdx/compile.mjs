// Compile each MDX file named on the command line with @mdx-js/mdx; print one line per
// failure (`path: message`) and exit 1 if any failed.
import { compile } from '@mdx-js/mdx';
import { readFile } from 'node:fs/promises';

let failed = 0;
for (const path of process.argv.slice(2)) {
  try {
    await compile(await readFile(path, 'utf8'));
  } catch (error) {
    failed += 1;
    console.log(`${path}: ${String(error.message).split('\n')[0]}`);
  }
}
process.exit(failed ? 1 : 0);
