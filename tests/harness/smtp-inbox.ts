import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './free-port.ts';

/** A real SMTP server in this process (smtp-server): each message is parsed before the server accepts it. */
export class Inbox {
  readonly messages: ParsedMail[] = [];
  /** Recipients the server refuses for now (451, try again later). */
  readonly refusing = new Set<string>();
  readonly server: SMTPServer;
  port = 0;

  constructor(readonly login: { user: string; password: string }) {
    this.server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === this.login.user && auth.password === this.login.password)
          callback(null, { user: 'tool' });
        else callback(new Error('Invalid username or password'));
      },
      onRcptTo: (address, _session, callback) => {
        if (!this.refusing.has(address.address)) return callback();
        callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            this.messages.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
  }

  async start(): Promise<void> {
    this.port = await freePort();
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
  }

  to(address: string): ParsedMail[] {
    return this.messages.filter((mail) => addresses(mail.to).includes(address));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(resolve));
  }
}

/** The addresses of a parsed mail's To, From or Cc. */
export const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  [field ?? []].flat().flatMap((group) => group.value.map((entry) => entry.address ?? ''));
