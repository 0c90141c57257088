// Every variable the functions read, from each domain's own declaration (functions/lib/<domain>/settings.ts):
// the one list of names that the configuration checks go by.

import { ALERT_SETTINGS } from '../../functions/lib/alerts/settings';
import type { Setting } from '../../functions/lib/boundary/env';
import { HOURS_SETTINGS } from '../../functions/lib/calls/settings';
import { FEED_SETTINGS } from '../../functions/lib/feed/settings';
import { STORE_SETTINGS } from '../../functions/lib/store/settings';
import { TWILIO_SETTINGS } from '../../functions/lib/twilio/settings';
import { VOICE_SETTINGS } from '../../functions/lib/voice/settings';

export const ALL_SETTINGS: readonly Setting[] = [
  VOICE_SETTINGS,
  HOURS_SETTINGS,
  STORE_SETTINGS,
  FEED_SETTINGS,
  TWILIO_SETTINGS,
  ALERT_SETTINGS,
].flatMap((group) => Object.values<Setting>(group));
