import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue 13 "Writes share one path": the transaction, the lock and load of the review, and the audit are opened by
// the pipeline (write.ts, commands/review-command.ts and its builders), never again by a router or a command.
const src = fileURLToPath(new URL('../src/', import.meta.url));
const files = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => [f, readFileSync(`${src}${f}`, 'utf8')] as const);
const offenders = (pattern: RegExp, allowed: readonly string[]) =>
  files.filter(([f, s]) => pattern.test(s) && !allowed.includes(f)).map(([f]) => f);

describe('the one write path', () => {
  it('reads every module of the API', () => {
    expect(files.filter(([f]) => f.startsWith('routers/')).length).toBeGreaterThan(10);
    expect(files.filter(([f]) => f.startsWith('commands/')).length).toBeGreaterThan(30);
  });

  it('opens a transaction and appends audit events in write.ts only', () => {
    expect(offenders(/\.transaction\(\)|appendAuditEvent|'audit_events'/, ['write.ts'])).toEqual([]);
  });

  it('locks a review, an escalation or a renewal only in the review-command pipeline', () => {
    const locks =
      /lockReview\(|lockVisibleReview\(|lockEscalation\b|lockRenewal\b|selectFrom\('reviews'\)[^;]*\.forUpdate\(\)/;
    expect(
      offenders(locks, [
        'review-access.ts', // defines lockVisibleReview
        'commands/review-command.ts', // reviewCommand, reviewPartCommand
        'commands/escalation-step.ts', // escalationCommand (a reviewPartCommand)
        'commands/renewal-decision.ts', // renewalDecision (a reviewPartCommand)
        'steward-reminders.ts', // the hourly job (system, no person's command): one reminder per submission
      ]),
    ).toEqual([]);
  });

  it('locks a survey item only in the survey pipeline, which alone answers that an item does not exist', () => {
    expect(
      offenders(/lockSurveyItem\(|selectFrom\('survey_items'\)[^;]*\.forUpdate\(\)|No survey item/, [
        'commands/survey-command.ts', // surveyCommand
      ]),
    ).toEqual([]);
    // Every change of an item is a surveyCommand in its own file under commands/, never a router's own write().
    const changes = files.filter(([, s]) => /updateSurveyItem\(/.test(s)).map(([f]) => f);
    expect(changes.sort()).toEqual(['commands/answer-survey-item.ts', 'commands/reassign-survey-item.ts']);
    for (const [f, s] of files.filter(([f]) => changes.includes(f)))
      expect(`${f}: ${/= surveyCommand\(/.test(s) && !/\bwrite\(/.test(s)}`).toBe(`${f}: true`);
  });

  it('calls write() directly only where there is no review yet to lock, or in a pipeline builder', () => {
    const commands = offenders(/\bwrite\(/, [
      'commands/review-command.ts',
      'commands/code-revision-command.ts',
      'commands/survey-command.ts', // surveyCommand: an annual survey item, no review to lock
      'commands/create-review.ts',
      'commands/create-review-from-glean.ts',
      'commands/take-in-revision.ts',
    ]).filter((f) => f.startsWith('commands/'));
    expect(commands).toEqual([]);
    // A router's own write() (admin, sign-in, outbox, opening a survey) never touches a review's lock (checked above).
  });

  it("hands an escalation command its escalation's process and audit (no command repeats them)", () => {
    expect(
      offenders(/processOf\(|escalationSubject\(|lockEscalation/, [
        'commands/escalation-step.ts',
        'routers/escalation.ts', // escalation.list reads each escalation's process
        'commands/open-escalation.ts', // creates the escalation, so names its subject once
      ]),
    ).toEqual([]);
    const escalationCommands = files.filter(([, s]) => /escalationCommand\(/.test(s)).map(([f]) => f);
    expect(escalationCommands.length).toBeGreaterThanOrEqual(7);
    for (const [f, s] of files.filter(
      ([f]) => escalationCommands.includes(f) && f !== 'commands/escalation-step.ts',
    ))
      expect(`${f}: ${/reviewId: review\.id,\s*subject: escalationSubject/.test(s)}`).toBe(`${f}: false`);
  });
});
