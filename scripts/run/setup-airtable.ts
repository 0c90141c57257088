// Entry of `npm run setup:airtable` (bundled to dist/scripts/setup-airtable.js).
import { setupAirtable } from '../setup-airtable';

setupAirtable().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
