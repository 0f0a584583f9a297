import { cnpjCheckDigits, cpfCheckDigits } from '../../../shared/document';
import { DDD_UF, type Uf } from '../../../shared/phone';
import { pick, randomInt, seededRng, type Rng } from './random';

/**
 * The demo dataset loaded on first start: one creditor, two portfolios, one campaign, ~500 debtors with
 * valid CPFs, debts and phones across many DDDs, and a caller-ID pool. Pure and seeded: the same
 * seed and date give the same data.
 */

export interface DemoDebtor {
  cpf: string;
  name: string;
  birthDate: string;
  address: { street: string; district: string; city: string; uf: Uf; zip: string };
  email: string | null;
  phones: { e164: string; ddd: string; kind: 'mobile' | 'fixed' }[];
  contracts: { portfolio: 0 | 1; number: string; product: string; originalAmountCents: number; dueDate: string }[];
  history: { daysAgo: number; kind: 'call' | 'sms' | 'email' | 'letter' | 'judicial_notice'; summary: string }[];
}

export interface DemoDataset {
  creditor: { name: string; cnpj: string; address: string };
  portfolios: [string, string];
  campaign: { name: string; portfolio: 0 | 1; mode: 'preview' };
  debtors: DemoDebtor[];
  callerIds: { e164: string; ddd: string; trunk: string; attested: boolean }[];
  /** Monthly IPCA and SELIC (ppm) so balances can be updated out of the box: demo values, replace them with the official series. */
  indexes: { name: 'ipca' | 'selic'; month: string; ratePpm: number }[];
}

/**
 * Demo index series, 2023-01 to 2026-12, in % a month: close to the published figures for 2024–2025, typical
 * values elsewhere. For a demo only: load the official series (IBGE, BCB) through the admin import.
 */
const DEMO_IPCA_2024_2025 = [0.42, 0.83, 0.16, 0.38, 0.46, 0.21, 0.38, -0.02, 0.44, 0.56, 0.39, 0.52, 0.16, 1.31, 0.56, 0.43, 0.26, 0.24, 0.26, -0.11, 0.48, 0.09, 0.18, 0.33];
const DEMO_SELIC_2024_2025 = [0.97, 0.8, 0.83, 0.89, 0.83, 0.79, 0.91, 0.87, 0.84, 0.93, 0.79, 0.93, 1.01, 0.99, 0.96, 1.06, 1.14, 1.1, 1.28, 1.16, 1.22, 1.28, 1.05, 1.22];
export function demoIndexes(): DemoDataset['indexes'] {
  const out: DemoDataset['indexes'] = [];
  for (let year = 2023; year <= 2026; year++) {
    for (let m = 1; m <= 12; m++) {
      const month = `${year}-${String(m).padStart(2, '0')}`;
      const k = (year - 2024) * 12 + (m - 1);
      const inTable = k >= 0 && k < 24;
      out.push({ name: 'ipca', month, ratePpm: Math.round((inTable ? DEMO_IPCA_2024_2025[k]! : 0.4) * 10_000) });
      out.push({ name: 'selic', month, ratePpm: Math.round((inTable ? DEMO_SELIC_2024_2025[k]! : 0.9) * 10_000) });
    }
  }
  return out;
}

const FIRST_NAMES = [
  'Ana', 'Maria', 'Juliana', 'Fernanda', 'Patrícia', 'Aline', 'Camila', 'Beatriz', 'Larissa', 'Vanessa',
  'Francisca', 'Antônia', 'Adriana', 'Luciana', 'Márcia', 'José', 'João', 'Antônio', 'Francisco', 'Carlos',
  'Paulo', 'Pedro', 'Lucas', 'Luiz', 'Marcos', 'Gabriel', 'Rafael', 'Daniel', 'Marcelo', 'Bruno', 'Eduardo',
  'Felipe', 'Rodrigo', 'Thiago', 'Gustavo', 'Raimundo', 'Sebastião', 'Cláudia', 'Sandra', 'Rosângela',
];
const SURNAMES = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes',
  'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa',
  'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques', 'Machado', 'Mendes', 'Freitas',
  'Cardoso', 'Ramos', 'Gonçalves', 'Santana', 'Teixeira', 'Araújo', 'Pinto', 'Cavalcanti', 'Monteiro', 'Moura',
];
const STREETS = ['Rua das Flores', 'Avenida Brasil', 'Rua São José', 'Rua Sete de Setembro', 'Avenida Getúlio Vargas', 'Rua XV de Novembro', 'Rua Tiradentes', 'Rua Dom Pedro II'];
const DISTRICTS = ['Centro', 'Jardim América', 'Vila Nova', 'Boa Vista', 'Santa Cruz', 'São Cristóvão'];
const CAPITAL: Record<Uf, string> = {
  AC: 'Rio Branco', AL: 'Maceió', AM: 'Manaus', AP: 'Macapá', BA: 'Salvador', CE: 'Fortaleza', DF: 'Brasília',
  ES: 'Vitória', GO: 'Goiânia', MA: 'São Luís', MG: 'Belo Horizonte', MS: 'Campo Grande', MT: 'Cuiabá',
  PA: 'Belém', PB: 'João Pessoa', PE: 'Recife', PI: 'Teresina', PR: 'Curitiba', RJ: 'Rio de Janeiro',
  RN: 'Natal', RO: 'Porto Velho', RR: 'Boa Vista', RS: 'Porto Alegre', SC: 'Florianópolis', SE: 'Aracaju',
  SP: 'São Paulo', TO: 'Palmas',
};
const PRODUCTS: readonly [string[], string[]] = [
  ['Cartão de crédito', 'Cartão de crédito adicional'],
  ['Empréstimo pessoal', 'Crédito consignado', 'Cheque especial'],
];
const HISTORY: readonly { kind: DemoDebtor['history'][number]['kind']; summary: string }[] = [
  { kind: 'sms', summary: 'SMS de lembrete de vencimento enviado' },
  { kind: 'email', summary: 'E-mail com proposta de acordo enviado' },
  { kind: 'letter', summary: 'Carta de cobrança enviada ao endereço cadastrado' },
  { kind: 'call', summary: 'Ligação sem resposta' },
  { kind: 'call', summary: 'Ligação atendida por terceiro' },
  { kind: 'judicial_notice', summary: 'Notificação extrajudicial enviada' },
];

const DDDS = Object.keys(DDD_UF);
const DAY_MS = 86_400_000;

function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

function uniqueCpf(rng: Rng, used: Set<string>): string {
  for (;;) {
    const base = Array.from({ length: 9 }, () => randomInt(rng, 0, 9)).join('');
    const cpf = base + cpfCheckDigits(base);
    if (!/^(\d)\1{10}$/.test(cpf) && !used.has(cpf)) {
      used.add(cpf);
      return cpf;
    }
  }
}

function phoneFor(rng: Rng, ddd: string, kind: 'mobile' | 'fixed'): string {
  const subscriber = kind === 'mobile'
    ? `9${randomInt(rng, 6, 9)}${String(randomInt(rng, 0, 9_999_999)).padStart(7, '0')}`
    : `${randomInt(rng, 2, 5)}${String(randomInt(rng, 0, 9_999_999)).padStart(7, '0')}`;
  return `+55${ddd}${subscriber}`;
}

export function generateDemoDataset(options: { seed: number; today: number; debtorCount?: number }): DemoDataset {
  const rng = seededRng(options.seed);
  const usedCpfs = new Set<string>();
  const debtors: DemoDebtor[] = [];
  let contractSeq = 100_000;
  for (let i = 0; i < (options.debtorCount ?? 500); i++) {
    const ddd = pick(rng, DDDS);
    const uf = DDD_UF[ddd]!;
    const first = pick(rng, FIRST_NAMES);
    const name = `${first} ${pick(rng, SURNAMES)} ${pick(rng, SURNAMES)}`;
    const phoneCount = randomInt(rng, 1, 3);
    const phones = new Map<string, DemoDebtor['phones'][number]>();
    for (let p = 0; p < phoneCount; p++) {
      // most phones share the debtor's DDD; some people keep a number from another state
      const phoneDdd = rng() < 0.85 ? ddd : pick(rng, DDDS);
      const kind = rng() < 0.8 ? 'mobile' : 'fixed';
      const e164 = phoneFor(rng, phoneDdd, kind);
      phones.set(e164, { e164, ddd: phoneDdd, kind });
    }
    const contracts: DemoDebtor['contracts'] = [];
    const portfolio: 0 | 1 = rng() < 0.6 ? 0 : 1;
    for (let c = randomInt(rng, 1, 2); c > 0; c--) {
      contracts.push({
        portfolio,
        number: String(contractSeq++),
        product: pick(rng, PRODUCTS[portfolio]),
        originalAmountCents: randomInt(rng, 150_00, 25_000_00),
        dueDate: isoDate(options.today - randomInt(rng, 15, 720) * DAY_MS),
      });
    }
    const history = Array.from({ length: randomInt(rng, 0, 4) }, () => ({ daysAgo: randomInt(rng, 1, 120), ...pick(rng, HISTORY) }))
      .sort((a, b) => b.daysAgo - a.daysAgo);
    const slug = first.normalize('NFD').replace(/[^a-zA-Z]/g, '').toLowerCase();
    debtors.push({
      cpf: uniqueCpf(rng, usedCpfs),
      name,
      birthDate: isoDate(options.today - randomInt(rng, 20 * 365, 75 * 365) * DAY_MS),
      address: {
        street: `${pick(rng, STREETS)}, ${randomInt(rng, 10, 2500)}`,
        district: pick(rng, DISTRICTS),
        city: CAPITAL[uf],
        uf,
        zip: `${randomInt(rng, 10000, 99999)}-${String(randomInt(rng, 0, 999)).padStart(3, '0')}`,
      },
      email: rng() < 0.6 ? `${slug}.${i}@exemplo.com.br` : null,
      phones: [...phones.values()],
      contracts,
      history,
    });
  }
  // Local presence: one owned number in each of the 30 busiest DDDs, plus a national fallback in SP.
  const callerDdds = ['11', '21', '31', '41', '51', '61', '71', '81', '85', '91', '92', '62', '27', '48', '19',
    '13', '12', '15', '16', '17', '24', '32', '34', '43', '44', '47', '65', '67', '79', '84'];
  const callerIds = callerDdds.map((ddd, n) => ({
    e164: `+55${ddd}3${String(4000_000 + n * 101).padStart(7, '0')}`,
    ddd,
    trunk: 'trunk-principal',
    attested: true,
  }));
  const creditorBase = '123456780001';
  return {
    indexes: demoIndexes(),
    creditor: {
      name: 'Banco Exemplo S.A.',
      cnpj: creditorBase + cnpjCheckDigits(creditorBase),
      address: 'Avenida Paulista, 1000, Bela Vista, São Paulo - SP, 01310-100',
    },
    portfolios: ['Cartões 2024', 'Empréstimos 2024'],
    campaign: { name: 'Cartões — recuperação 2024', portfolio: 0, mode: 'preview' },
    debtors,
    callerIds,
  };
}
