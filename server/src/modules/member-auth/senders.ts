import nodemailer, { type Transporter } from 'nodemailer';
import type { Queryable } from '../../platform/db/database.js';

export type OutgoingCode = {
  orgId: number;
  /** Whom the code is for: the development outbox shows a department admin only their subtree's. */
  memberId: number;
  channel: 'sms' | 'email';
  recipient: string;
  subject: string;
  body: string;
};

/** Delivers a verification code. Providers are chosen by configuration (DESIGN.md §4). */
export interface CodeSender {
  send(db: Queryable, message: OutgoingCode): Promise<void>;
}

/** Development provider: writes what it would send where the admin console shows it. */
export class DevOutboxSender implements CodeSender {
  async send(db: Queryable, message: OutgoingCode): Promise<void> {
    await db
      .insertInto('dev_outbox')
      .values({
        org_id: message.orgId,
        member_id: message.memberId,
        channel: message.channel,
        recipient: message.recipient,
        subject: message.subject,
        body: message.body,
        created_at: Date.now(),
      })
      .execute();
  }
}

/** Email over SMTP (nodemailer); SMS still goes to the development outbox until an SMS provider is configured. */
export class SmtpSender implements CodeSender {
  private readonly transport: Transporter;
  private readonly fallback = new DevOutboxSender();

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(db: Queryable, message: OutgoingCode): Promise<void> {
    if (message.channel !== 'email') return this.fallback.send(db, message);
    await this.transport.sendMail({
      from: this.from,
      to: message.recipient,
      subject: message.subject,
      text: message.body,
    });
  }
}
