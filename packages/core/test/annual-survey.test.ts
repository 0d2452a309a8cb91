import { describe, expect, it } from 'vitest';
import {
  accountableOwner,
  assertMayAnswerSurveyItem,
  assertMayOpenSurvey,
  assertMayReassignSurveyItem,
  flaggedForRemoval,
  openSurveySchema,
  surveyAnswerSchema,
  surveyItemState,
  surveyReminderMail,
} from '../src/index.ts';
import { actor, domainError, ENGINEERING_OWNER, outsider, PROPOSER, proposer, steward } from './fixtures.ts';

const NOW = new Date('2026-11-29T09:00:00.000Z');
const admin = actor(50, { isAdmin: true });
const DUE = new Date('2026-12-31T00:00:00.000Z');

describe('opening the annual survey', () => {
  const open = (overrides: Partial<Parameters<typeof assertMayOpenSurvey>[0]> = {}) =>
    assertMayOpenSurvey({
      actor: admin,
      year: 2026,
      dueAt: DUE,
      existingSurveyId: null,
      now: NOW,
      ...overrides,
    });

  it('an admin opens the survey of a year', () => {
    expect(() => open()).not.toThrow();
    expect(() => open({ year: 2027 })).not.toThrow();
  });

  it('only an admin', () => {
    expect(domainError(() => open({ actor: steward })).code).toBe('FORBIDDEN');
  });

  it('once a year', () => {
    const e = domainError(() => open({ existingSurveyId: 3 }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('2026');
  });

  it('for this year, last year or next year, answers due in the future', () => {
    expect(domainError(() => open({ year: 2020 })).details.field).toBe('year');
    expect(domainError(() => open({ dueAt: NOW })).details.field).toBe('dueAt');
  });

  it('the input: a year and a due date with a time zone', () => {
    expect(openSurveySchema.safeParse({ year: 2026, dueAt: '2026-12-31T00:00:00Z' }).success).toBe(true);
    expect(openSurveySchema.safeParse({ year: 2026, dueAt: '31/12/2026' }).success).toBe(false);
    expect(openSurveySchema.safeParse({ year: 1999, dueAt: '2026-12-31T00:00:00Z' }).success).toBe(false);
  });
});

describe('accountableOwner: who answers for a collection', () => {
  const c = { lastResponsibleId: 7, engineeringOwnerId: ENGINEERING_OWNER, requesterId: 3 };

  it('whoever the last survey named responsible, else the engineering owner, else the requester', () => {
    expect(accountableOwner(c)).toBe(7);
    expect(accountableOwner({ ...c, lastResponsibleId: null })).toBe(ENGINEERING_OWNER);
    expect(accountableOwner({ ...c, lastResponsibleId: null, engineeringOwnerId: null })).toBe(3);
  });

  it('someone no longer active is skipped', () => {
    expect(accountableOwner(c, (id) => id !== 7)).toBe(ENGINEERING_OWNER);
    expect(accountableOwner(c, (id) => id === 3)).toBe(3);
    expect(accountableOwner(c, () => false)).toBe(3);
  });
});

describe('item states: open, answered, overdue', () => {
  it('answered once answered, whenever', () => {
    expect(surveyItemState({ answeredAt: new Date('2027-02-01') }, DUE, new Date('2027-03-01'))).toBe(
      'answered',
    );
  });

  it('unanswered: open until the due date, overdue after it', () => {
    expect(surveyItemState({ answeredAt: null }, DUE, NOW)).toBe('open');
    expect(surveyItemState({ answeredAt: null }, DUE, DUE)).toBe('open');
    expect(surveyItemState({ answeredAt: null }, DUE, new Date(DUE.getTime() + 1))).toBe('overdue');
  });
});

describe('the answer', () => {
  const answer = {
    stillNecessary: true,
    reason: 'Still used for the weekly sidebar report.',
    responsiblePersonId: 7,
  };

  it('still necessary (and why), who is responsible now', () => {
    expect(surveyAnswerSchema.parse(answer)).toEqual(answer);
    for (const missing of ['stillNecessary', 'reason', 'responsiblePersonId'] as const) {
      const { [missing]: _, ...rest } = answer;
      expect(surveyAnswerSchema.safeParse(rest).success).toBe(false);
    }
    expect(surveyAnswerSchema.safeParse({ ...answer, reason: '  ' }).success).toBe(false);
  });

  it('"no longer necessary" flags the collection for removal', () => {
    expect(flaggedForRemoval({ stillNecessary: false })).toBe(true);
    expect(flaggedForRemoval({ stillNecessary: true })).toBe(false);
    expect(flaggedForRemoval(null)).toBe(false);
  });

  it('the owner answers, or the collection’s requester or engineering owner; nobody else', () => {
    const review = { proposerId: PROPOSER, engineeringOwnerId: ENGINEERING_OWNER, requesterId: 3 };
    expect(() => assertMayAnswerSurveyItem({ actor: actor(7), ownerId: 7, review })).not.toThrow();
    expect(() => assertMayAnswerSurveyItem({ actor: proposer, ownerId: 7, review })).not.toThrow();
    expect(() => assertMayAnswerSurveyItem({ actor: actor(3), ownerId: 7, review })).not.toThrow();
    expect(domainError(() => assertMayAnswerSurveyItem({ actor: outsider, ownerId: 7, review })).code).toBe(
      'FORBIDDEN',
    );
    expect(domainError(() => assertMayAnswerSurveyItem({ actor: admin, ownerId: 7, review })).code).toBe(
      'FORBIDDEN',
    );
  });

  it('an admin reassigns an unanswered item only', () => {
    expect(() => assertMayReassignSurveyItem({ actor: admin, answered: false })).not.toThrow();
    expect(domainError(() => assertMayReassignSurveyItem({ actor: steward, answered: false })).code).toBe(
      'FORBIDDEN',
    );
    expect(domainError(() => assertMayReassignSurveyItem({ actor: admin, answered: true })).code).toBe(
      'RULE_VIOLATION',
    );
  });
});

describe('surveyReminderMail', () => {
  it('lists the collections, marks the overdue ones, links to the survey', () => {
    const mail = surveyReminderMail({
      year: 2026,
      dueAt: DUE,
      ownerName: 'Jo',
      items: [
        { key: 'DR-4', title: 'Sidebar metrics', overdue: true },
        { key: 'DR-9', title: 'Cookie breakage', overdue: false },
      ],
      link: 'https://signoff.example/surveys/2026',
    });
    expect(mail.subject).toBe('Overdue: Annual data collection survey 2026: 2 collections to review');
    expect(mail.text).toContain('- DR-4 Sidebar metrics (overdue)');
    expect(mail.text).toContain('- DR-9 Cookie breakage\n');
    expect(mail.text).toContain('Answers were due on 2026-12-31.');
    expect(mail.text).toContain('Answer here: https://signoff.example/surveys/2026');
  });

  it('before the due date, one collection', () => {
    const mail = surveyReminderMail({
      year: 2026,
      dueAt: DUE,
      ownerName: 'Jo',
      items: [{ key: 'DR-4', title: 'Sidebar\nmetrics', overdue: false }],
      link: null,
    });
    expect(mail.subject).toBe('Annual data collection survey 2026: 1 collection to review');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).toContain('Answers are due on 2026-12-31.');
    expect(mail.text).not.toContain('Answer here');
  });
});
