/**
 * Pix BR Code "copia e cola" (EMV QR, BCB's manual): TLV fields "ID(2) length(2) value", closed by the
 * CRC-16/CCITT-FALSE (polynomial 0x1021, init 0xFFFF) of everything including "6304", as 4 upper-case hex
 * digits.
 */

export function crc16(payload: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(payload, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

const tlv = (id: string, value: string): string => {
  const length = Buffer.byteLength(value, 'utf8');
  if (length > 99) throw new Error(`field ${id} is longer than 99 bytes`);
  return `${id}${String(length).padStart(2, '0')}${value}`;
};

/** Names and cities go upper-case without accents (the BR Code character set). */
const plain = (s: string, max: number) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9 .-]/g, ' ').trim().toUpperCase().slice(0, max);

export interface PixInput {
  /** A Pix key (static) or, for a charge registered with a PSP, its location URL (dynamic). */
  key?: string;
  location?: string;
  amountCents?: number;
  merchantName: string;
  merchantCity: string;
  /** Up to 25 alphanumerics ("***" when none). */
  txid?: string;
  description?: string;
}

export function pixPayload(p: PixInput): string {
  if (!p.key === !p.location) throw new Error('a Pix payload has a key or a location, not both');
  if (p.txid !== undefined && !/^[A-Za-z0-9]{1,25}$/.test(p.txid)) throw new Error('txid: 1 to 25 letters and digits');
  const account = tlv('00', 'br.gov.bcb.pix') + (p.key ? tlv('01', p.key) : tlv('25', p.location!)) + (p.description ? tlv('02', p.description.slice(0, 40)) : '');
  const amount = p.amountCents === undefined ? '' : tlv('54', `${Math.floor(p.amountCents / 100)}.${String(p.amountCents % 100).padStart(2, '0')}`);
  const body =
    tlv('00', '01') +
    (p.location ? tlv('01', '12') : '') + // a dynamic code may be paid once
    tlv('26', account) +
    tlv('52', '0000') +
    tlv('53', '986') +
    amount +
    tlv('58', 'BR') +
    tlv('59', plain(p.merchantName, 25)) +
    tlv('60', plain(p.merchantCity, 15)) +
    tlv('62', tlv('05', p.txid ?? '***')) +
    '6304';
  return body + crc16(body);
}

/** Checks a payload's CRC (what a bank app does first). */
export function isValidPixPayload(payload: string): boolean {
  return /^.+6304[0-9A-F]{4}$/.test(payload) && crc16(payload.slice(0, -4)) === payload.slice(-4);
}
