const SAMPLE_RATE = 8000;
const BYTES_PER_SAMPLE = 2;
// 400 Hz divides 8 kHz evenly: one 20-sample period repeats exactly, so the data is a single fill.
const TONE_HZ = 400;
const PERIOD_SAMPLES = SAMPLE_RATE / TONE_HZ;
// About -26 dBFS: clearly audible when played, quiet enough not to startle.
const AMPLITUDE = 0.05 * 0x7fff;
const MAX_WAV_SECONDS = 120;

/** An 8 kHz mono 16-bit PCM WAV holding a quiet tone, like a voicemail of that length would be. */
export function toneWav(seconds: number): Buffer {
  const samples = Math.round(Math.min(Math.max(0, seconds), MAX_WAV_SECONDS) * SAMPLE_RATE);
  const dataBytes = samples * BYTES_PER_SAMPLE;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(SAMPLE_RATE, 24);
  wav.writeUInt32LE(SAMPLE_RATE * BYTES_PER_SAMPLE, 28); // byte rate
  wav.writeUInt16LE(BYTES_PER_SAMPLE, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataBytes, 40);
  const period = Buffer.alloc(PERIOD_SAMPLES * BYTES_PER_SAMPLE);
  for (let i = 0; i < PERIOD_SAMPLES; i++) {
    period.writeInt16LE(Math.round(AMPLITUDE * Math.sin((2 * Math.PI * i) / PERIOD_SAMPLES)), i * BYTES_PER_SAMPLE);
  }
  if (dataBytes > 0) wav.fill(period, 44);
  return wav;
}
