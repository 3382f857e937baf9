// The example application's job code: two job kinds, their workers, and the service code that enqueues them.
import { type Client, defineJob, type Workers } from "@tributary/core";

export const welcomeEmail = defineJob<{ userId: number; email: string }>("welcome_email", { queue: "mail" });
export const auditEvent = defineJob<{ event: string; userId: number }>("audit_event");

/** What the welcome worker sends mail with (a real SMTP client in the application, a recorder in its tests). */
export interface Mailer {
  /** Sends a message and resolves to its id. */
  send(to: string, subject: string): Promise<string>;
}

/**
 * Service code deep in the call stack: it enqueues with plain `client.insert`, and joins the
 * transaction its caller opened with `client.withTx(tx, …)` without being handed `tx`.
 */
export async function onUserCreated(client: Client<unknown>, user: { id: number; email: string }): Promise<void> {
  await client.insert(welcomeEmail, { userId: user.id, email: user.email });
  await client.insert(auditEvent, { event: "user_created", userId: user.id });
}

/** The application's workers, given the mailer they send with. */
export function accountWorkers(mailer: Mailer): Workers {
  return {
    welcome_email: async (job, ctx) => {
      const { userId, email } = job.args as { userId: number; email: string };
      // A resumable step: a retry after a later failure does not send the mail twice.
      const messageId = await ctx.step("send", () => mailer.send(email, "Welcome!"));
      ctx.logger.info({ messageId }, "welcome email sent");
      ctx.recordOutput({ messageId });
      await (ctx.client as Client<unknown>).insert(auditEvent, { event: "welcome_sent", userId });
      return undefined;
    },
    audit_event: async () => undefined,
  };
}

/** A Mailer that records what it sent, and refuses addresses at `bounce.example`. */
export function recordingMailer(): Mailer & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async send(to) {
      if (to.endsWith("@bounce.example")) throw new Error(`${to} bounced`);
      sent.push(to);
      return `msg-${sent.length}`;
    },
  };
}
