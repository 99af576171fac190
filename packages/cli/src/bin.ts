// Program entry: bin/keyward.js loads the built copy; tests and `npm run keyward` load this source.
import { main } from "./main.js";

process.exitCode = await main(process.argv);
