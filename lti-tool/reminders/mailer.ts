import { createTransport } from 'nodemailer';
import type { MailSettings } from '../core/config.ts';

/** One email, with a plain-text part and an HTML part. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends email; only the digest uses it. */
export interface Mailer {
  /** Resolves once the SMTP server accepted the message; rejects with its reason otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer, from `SMTP_URL` (smtp:// with STARTTLS when the server offers it, or
 * smtps:// for TLS from the start) and `MAIL_FROM`. Null when mail is not configured: digests
 * are off. The URL holds the password: it is handed to nodemailer and never logged.
 */
export function createMailer(settings: MailSettings | null): Mailer | null {
  if (!settings) return null;
  const transport = createTransport(
    {
      url: settings.smtpUrl,
      // nodemailer's defaults wait minutes on a silent server; a digest can wait for the next tick.
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    },
    { from: settings.from },
  );
  return {
    async send(mail) {
      await transport.sendMail(mail);
    },
    close: () => transport.close(),
  };
}

/** Where mail goes, for the start-up log: scheme, host and port, never the credentials. */
export function describeSmtp(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  return `${url.protocol}//${url.host}`;
}
