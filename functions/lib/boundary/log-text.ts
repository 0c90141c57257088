// Text from a request, made safe for one log line. The function log is read line by line
// (Twilio's console and `twilio serverless:logs` show each line as an entry), so a CR/LF in a
// parameter would forge a line of its own, and an ESC could rewrite a terminal's screen.
// Control characters (Unicode's Cc) and the line and paragraph separators are written as
// escapes, the way JSON writes them; a backslash is doubled so an escape cannot be faked.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it matches
const UNSAFE = /[\\\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;

const NAMED: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escaped = (char: string): string => NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `value` on one line: control characters escaped (`\n`, `\r`, `\u001b`…). */
export function logText(value: string): string {
  return value.replace(UNSAFE, escaped);
}
