// Loaded with `node --import`: registers a module hook that appends the URL of every module the process
// resolves to the file named by RECORD_MODULES_TO, so a test can see exactly what a start-up loaded.
import { register } from "node:module";

register(
  `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from "node:fs";
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      if (process.env.RECORD_MODULES_TO) appendFileSync(process.env.RECORD_MODULES_TO, result.url + "\\n");
      return result;
    }
  `)}`,
);
