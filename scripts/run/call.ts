// Entry of `npm run call` (bundled to dist/scripts/call.js).
import { callCommand } from '../call';
import { runCommand } from '../cli';

runCommand(callCommand);
