/** What a failed send means for the mail. */
export interface SendFailure {
  /** The server refused this mail for good: retrying the same mail cannot succeed. */
  permanent: boolean;
  /** One line for the outbox and the attempt log. */
  message: string;
  /** The server's reply, if one came. */
  response: string | null;
}

interface NodemailerError {
  message?: unknown;
  code?: unknown;
  command?: unknown;
  responseCode?: unknown;
  response?: unknown;
}

// Commands whose 5xx reply is about this mail (sender, recipients, content). A 5xx to AUTH or a
// connection problem is about the configuration or the server, so the mail keeps being retried.
const MESSAGE_COMMANDS = new Set(['MAIL FROM', 'RCPT TO', 'DATA']);

/**
 * Sorts a nodemailer error into "retry later" (network, timeouts, 4xx, authentication) and "refused
 * for good" (a 5xx reply to the envelope or the content, or an address nodemailer cannot use).
 */
export function classifySendError(err: unknown): SendFailure {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as NodemailerError;
  const code = typeof e.code === 'string' ? e.code : null;
  const command = typeof e.command === 'string' ? e.command : null;
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const text = typeof e.message === 'string' ? e.message : String(err);
  const message = [code, command && `(${command})`, text].filter(Boolean).join(' ').replace(/\s+/g, ' ');
  const refused =
    responseCode !== null && responseCode >= 500 && command !== null && MESSAGE_COMMANDS.has(command);
  const unusable = command === 'API' && (code === 'EENVELOPE' || code === 'EMESSAGE');
  return {
    permanent: refused || unusable,
    message: message.slice(0, 2000),
    response: typeof e.response === 'string' ? e.response : null,
  };
}
