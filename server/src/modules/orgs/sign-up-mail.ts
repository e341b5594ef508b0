import nodemailer, { type Transporter } from 'nodemailer';
import type { Queryable } from '../../platform/db/database.js';

/** A mail to an address that belongs to no org yet: a sign-up's link, or the note that the email has an org. */
export type SignUpMail = { recipient: string; subject: string; body: string };

/** Delivers sign-up mail; chosen by configuration like the member codes' senders (DESIGN.md §4). */
export interface SignUpMailer {
  send(db: Queryable, mail: SignUpMail): Promise<void>;
}

/** Development: keeps the mail in dev_mail, read with `npm run enclave -- dev-mail` (never over HTTP). */
export class DevMailbox implements SignUpMailer {
  async send(db: Queryable, mail: SignUpMail): Promise<void> {
    await db
      .insertInto('dev_mail')
      .values({ recipient: mail.recipient, subject: mail.subject, body: mail.body, created_at: Date.now() })
      .execute();
  }
}

/** Over SMTP (ENCLAVE_SMTP_URL, nodemailer). */
export class SmtpMailer implements SignUpMailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(_db: Queryable, mail: SignUpMail): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: mail.recipient, subject: mail.subject, text: mail.body });
  }
}

/** SMTP when configured, else the development mailbox. */
export function signUpMailerFor(config: { smtpUrl: string | undefined; mailFrom: string }): SignUpMailer {
  return config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : new DevMailbox();
}

/** The newest development mails, newest first (the `dev-mail` CLI). */
export async function listDevMail(db: Queryable, limit = 20) {
  return db.selectFrom('dev_mail').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
