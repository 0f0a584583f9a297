import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { IntradayChart } from '../../../renderer/src/features/supervisor/IntradayChart';

afterEach(cleanup);

describe('intraday chart', () => {
  it('draws the calling day (widened to any hour with figures) and gives the same figures as a table', () => {
    const dials = new Array<number>(24).fill(0);
    dials[7] = 4;
    dials[10] = 12;
    const rate = new Array<number | null>(24).fill(null);
    rate[10] = 0.25;
    render(
      <IntradayChart title="Discagens por hora" format={String}
        series={[{ label: 'Discagens', values: dials, kind: 'bar', color: '#000' }, { label: 'Taxa', values: rate, kind: 'line', color: '#f00' }]}
        target={{ label: 'meta', value: 0.5 }} />,
    );
    const chart = screen.getByRole('img', { name: 'Discagens por hora' });
    // 07h to 20h: 14 hours, one bar each (the line and the target are drawn as lines)
    expect(chart.querySelectorAll('rect')).toHaveLength(14);
    expect(chart.querySelectorAll('polyline')).toHaveLength(1);
    expect(chart.querySelectorAll('line')).toHaveLength(1);
    const table = screen.getByRole('table', { name: 'Discagens por hora' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(15);
    expect(rows[1]!.textContent).toBe('7h4—');
    expect(rows[4]!.textContent).toBe('10h120.25');
  });
});
