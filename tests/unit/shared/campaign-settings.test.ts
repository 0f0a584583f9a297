import { describe, expect, it } from 'vitest';
import { campaignSettingsSchema, DEFAULT_CAMPAIGN_SETTINGS } from '../../../shared/dialer';
import { describeZodError } from '../../../shared/schemas';

describe('campaign pacing settings: smallTeamAnswersPerFreeAgent', () => {
  const { smallTeamAnswersPerFreeAgent: _, ...oldPacing } = DEFAULT_CAMPAIGN_SETTINGS.pacing;
  const withPacing = (pacing: object) => ({ ...DEFAULT_CAMPAIGN_SETTINGS, pacing });

  it('settings stored before the field parse with 0.4', () => {
    const parsed = campaignSettingsSchema.parse(withPacing(oldPacing));
    expect(parsed.pacing.smallTeamAnswersPerFreeAgent).toBe(0.4);
    expect(DEFAULT_CAMPAIGN_SETTINGS.pacing.smallTeamAnswersPerFreeAgent).toBe(0.4);
  });

  it('keeps 0 and 1 (the bounds) and refuses what is outside them, naming the field', () => {
    expect(campaignSettingsSchema.parse(withPacing({ ...oldPacing, smallTeamAnswersPerFreeAgent: 0 })).pacing.smallTeamAnswersPerFreeAgent).toBe(0);
    expect(campaignSettingsSchema.parse(withPacing({ ...oldPacing, smallTeamAnswersPerFreeAgent: 1 })).pacing.smallTeamAnswersPerFreeAgent).toBe(1);
    for (const bad of [-0.1, 1.5, 'x']) {
      const r = campaignSettingsSchema.safeParse(withPacing({ ...oldPacing, smallTeamAnswersPerFreeAgent: bad }));
      expect(r.success, String(bad)).toBe(false);
      if (!r.success) expect(describeZodError(r.error)).toContain('pacing.smallTeamAnswersPerFreeAgent');
    }
  });
});
