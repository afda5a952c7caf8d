import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

/**
 * The 1-based line of `modules[index].id` in an import file (JSON or YAML), so a problem the
 * server finds after parsing (a starter id) points where the file parser's problems do.
 */
export function lineOfModuleId(text: string, index: number): number | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, version: '1.2', uniqueKeys: false });
  const at = (node: unknown) => (isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : null);
  const modules = isMap(doc.contents) ? doc.contents.get('modules', true) : null;
  if (!isSeq(modules)) return null;
  const module = modules.items[index];
  if (!isMap(module)) return at(module);
  const pair = module.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === 'id');
  return (pair && (at(pair.key) ?? at(pair.value))) ?? at(module);
}
