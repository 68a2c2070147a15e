/** Reading rendered Adaptive Cards in tests the way a person reads them: visible text, buttons, inputs. */
export type Card = Record<string, any>;

/** Every piece of visible text on the card (TextBlocks, RichText runs, facts), in order. */
export function textOf(card: Card): string {
  const out: string[] = [];
  const walk = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'TextBlock' || node.type === 'TextRun') out.push(String(node.text ?? ''));
    if (node.type === 'FactSet') for (const f of node.facts ?? []) out.push(`${f.title} ${f.value}`);
    if (typeof node.title === 'string' && String(node.type).startsWith('Action.')) out.push(`[${node.title}]`);
    for (const [k, v] of Object.entries(node)) if (k !== 'refresh' && typeof v === 'object') walk(v);
  };
  walk(card);
  return out.join('\n');
}

/** An Action.Execute found on the card, with the ids of the inputs it would send. */
export interface FoundAction {
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

/** All Action.Execute buttons, including those inside Action.ShowCard panels. */
export function actionsOf(card: Card): FoundAction[] {
  const found: FoundAction[] = [];
  const walk = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'Action.Execute') found.push({ title: node.title, verb: node.verb, data: node.data ?? {} });
    for (const [k, v] of Object.entries(node)) if (k !== 'refresh' && typeof v === 'object') walk(v);
  };
  walk(card);
  return found;
}

/** The button with this title (exact, or containing it); fails the test with the titles that exist. */
export function actionNamed(card: Card, title: string): FoundAction {
  const all = actionsOf(card);
  const hit =
    all.find((a) => a.title === title) ?? all.find((a) => a.title?.toLowerCase().includes(title.toLowerCase()));
  if (!hit) throw new Error(`no button "${title}" on card; buttons: ${all.map((a) => a.title).join(', ')}`);
  return hit;
}

/** Input ids on the card (excluding hidden ShowCard panels when `topLevelOnly`). */
export function inputIdsOf(card: Card): string[] {
  const ids: string[] = [];
  const walk = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (typeof node.type === 'string' && node.type.startsWith('Input.') && node.id) ids.push(node.id);
    for (const v of Object.values(node)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return ids;
}
