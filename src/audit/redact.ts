/**
 * Command text goes into the audit trail and logs with anything that looks like a secret replaced: bearer
 * tokens, JWTs, SAS signatures, password/key/secret/token assignments, confirmation tokens, and long opaque
 * strings. Over-redacting a harmless value is acceptable; keeping a secret is not.
 */
const RULES: [RegExp, string][] = [
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]'],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  [/([?&]sig=)[^&\s]+/gi, '$1[redacted]'],
  [/\b(password|passwd|pwd|secret|token|sharedkey|shared_key|apikey|api_key|key)(\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi, '$1$2[redacted]'],
  [/\b(confirm\s+)\S+/gi, '$1[redacted]'],
  // Opaque runs of 32+ base64/hex characters: keys and tokens, not names or addresses.
  [/\b[A-Za-z0-9+/_-]{32,}={0,2}/g, '[redacted]'],
];

export function redact(text: string): string {
  return RULES.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}
