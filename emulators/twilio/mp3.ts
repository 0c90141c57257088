// What `.mp3` of a recording is at Twilio: an `audio/mpeg` file several times smaller than the
// WAV (https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file). The bitrate is
// not documented; 32 kbps (about 4,000 bytes a second) is the stand-in's estimate for a voice file.
// The stand-in has no MP3 encoder, so it writes silent frames: valid MPEG-2 Layer III at
// 32 kbps, 16 kHz, mono, that any MP3 decoder plays for the recording's length, with
// the size of Twilio's file.
const SAMPLE_RATE = 16000;
const SAMPLES_PER_FRAME = 576; // MPEG-2 Layer III
const FRAME_BYTES = 144; // 72 × 32,000 bit/s ÷ 16,000 Hz
// Sync word, MPEG-2, Layer III, no CRC; 32 kbps (index 4), 16 kHz (index 2), no padding; mono.
const HEADER = [0xff, 0xf3, 0x48, 0xc0];
// Twilio's own ceiling for a recording (https://www.twilio.com/docs/voice/twiml/record#maxlength).
const MAX_SECONDS = 14400;

/** `seconds` of silence as Twilio would serve a recording of that length as MP3. */
export function silentMp3(seconds: number): Buffer {
  const frames = Math.ceil((Math.min(Math.max(0, seconds), MAX_SECONDS) * SAMPLE_RATE) / SAMPLES_PER_FRAME);
  // Side information and main data all zero: no bits for any granule, which decodes to silence.
  const frame = Buffer.alloc(FRAME_BYTES);
  Buffer.from(HEADER).copy(frame);
  const mp3 = Buffer.alloc(frames * FRAME_BYTES);
  if (frames > 0) mp3.fill(frame);
  return mp3;
}
