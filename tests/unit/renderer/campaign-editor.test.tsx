import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CAMPAIGN_SETTINGS, type CampaignUpsert } from '../../../shared/dialer';
import { createApiClient } from '../../../renderer/src/api/http';
import { CampaignEditor } from '../../../renderer/src/features/admin/CampaignEditor';
import { useLocaleStore } from '../../../renderer/src/stores/locale';
import { useSession } from '../../../renderer/src/stores/session';

// The editor against a scripted server (fetch): the real REST path is in tests/integration/dialer-api.test.ts.
const { smallTeamAnswersPerFreeAgent: _, ...oldPacing } = DEFAULT_CAMPAIGN_SETTINGS.pacing;
const stored = { id: 1, name: 'Cartões', portfolioId: 1, mode: 'predictive', status: 'active', agentIds: [], teamId: null, settings: DEFAULT_CAMPAIGN_SETTINGS, leads: null };
const ok = (data: unknown) => new Response(JSON.stringify({ ok: true, data }), { status: 200 });

let sent: CampaignUpsert[] = [];
beforeEach(() => {
  sent = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    const path = new URL(String(url), 'http://x').pathname;
    if (path === '/api/admin/portfolios') return ok([{ id: 1, name: 'Carteira', creditorName: 'Banco' }]);
    if (path === '/api/admin/users' || path === '/api/teams') return ok([]);
    if (path === '/api/campaigns/1') return ok(stored);
    if (path === '/api/admin/campaigns/1' && init?.method === 'PUT') {
      const body = JSON.parse(String(init.body)) as CampaignUpsert;
      sent.push(body);
      return ok({ id: 1, ...body });
    }
    return new Response(JSON.stringify({ ok: false, error: { code: 'not_found', message: path } }), { status: 404 });
  }));
  useSession.setState({ api: createApiClient('', () => 'token') });
  useLocaleStore.setState({ locale: 'pt-BR' });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('CampaignEditor: small-team extra lines', () => {
  it('shows the campaign value with its hint and saves what the admin types', async () => {
    render(<CampaignEditor campaignId={1} onDone={() => {}} />);
    const input = await screen.findByLabelText<HTMLInputElement>('Linhas extras em equipes pequenas (pessoas por agente livre, 0–1)');
    expect(input.value).toBe('0.4');
    expect(input.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toContain('0 = nunca tocar linhas extras');
    await userEvent.clear(input);
    await userEvent.type(input, '0.7');
    await userEvent.click(screen.getByRole('button', { name: 'Salvar campanha' }));
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.settings.pacing.smallTeamAnswersPerFreeAgent).toBe(0.7);
    expect(sent[0]!.settings.pacing).toMatchObject(oldPacing);
  });
});
