import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string | null;
  to: string[];
  raw: string;
  messageId: string | null;
  subject: string | null;
  date: string | null;
  autoSubmitted: string | null;
  body: string;
}

export interface Refusal {
  code: number;
  message: string;
}

export interface SmtpServerOptions {
  /** Listen on this port (to bring a "crashed" server back at the same SMTP_URL); default: a free one. */
  port?: number;
  /** Refuse a recipient, or null to accept it. */
  refuseRecipient?: (address: string) => Refusal | null;
  /** Refuse a message after receiving it in full (n counts messages received, from 1), or null to accept. */
  refuseMessage?: (n: number, mail: ReceivedMail) => Refusal | null;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  /** Messages accepted, in order. */
  accepted: ReceivedMail[];
  /** Messages received in full but refused at the end of DATA. */
  refused: ReceivedMail[];
  close(): Promise<void>;
}

const smtpError = (r: Refusal) => Object.assign(new Error(r.message), { responseCode: r.code });

function header(raw: string, name: string): string | null {
  const head = (raw.split(/\r?\n\r?\n/)[0] ?? '').replace(/\r?\n[ \t]+/g, ' ');
  const m = head.match(new RegExp(`^${name}:[ \\t]*(.*)$`, 'im'));
  return m?.[1]?.trim() ?? null;
}

function parse(raw: string, from: string | null, to: string[]): ReceivedMail {
  const split = raw.search(/\r?\n\r?\n/);
  return {
    from,
    to,
    raw,
    messageId: header(raw, 'Message-ID'),
    subject: header(raw, 'Subject'),
    date: header(raw, 'Date'),
    autoSubmitted: header(raw, 'Auto-Submitted'),
    body: split < 0 ? '' : raw.slice(split).trim(),
  };
}

/** A free TCP port on 127.0.0.1 that nothing listens on (for "the mail server is down"). */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** A real SMTP server on 127.0.0.1 (plain text, no authentication) that collects what it receives. */
export async function startSmtpServer(opts: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const accepted: ReceivedMail[] = [];
  const refused: ReceivedMail[] = [];
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = opts.refuseRecipient?.(address.address) ?? null;
      callback(refusal ? smtpError(refusal) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        const to = session.envelope.rcptTo.map((r) => r.address);
        const mail = parse(Buffer.concat(chunks).toString('utf8'), from, to);
        received += 1;
        const refusal = opts.refuseMessage?.(received, mail) ?? null;
        if (refusal) {
          refused.push(mail);
          callback(smtpError(refusal));
        } else {
          accepted.push(mail);
          callback(null);
        }
      });
    },
  });
  server.on('error', () => undefined);
  const port = await new Promise<number>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () =>
      resolve((server.server.address() as { port: number }).port),
    );
  });
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A mail body as written (quoted-printable soft line breaks and escapes undone). */
export const plainBody = (body: string) =>
  body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
