// Names, emails and paths come from commits: untrusted text. Terminal output must not carry their
// control characters (escape sequences could rewrite the screen).

export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we replace
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Text for a VS Code notification or progress message, which turns `[label](target)` into a link
 * (command links included): repository names and paths must not make one, so `](` is broken apart.
 */
export function notificationText(text: string): string {
  return text.replace(/\]\s*\(/g, '] (');
}
