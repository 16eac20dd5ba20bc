// A short reference of the condition language (README "Rules"), folded away until asked for.
import { ConditionText } from './ConditionEditor';

const NAMES: [string, string][] = [
  ['source.* / target.*', 'sku, name, price, currency, category, brand, tags, margin, stock, in_stock, and any product attribute (color, size, ...)'],
  ['customer.*', 'segment, lifetime_value, order_count, recency_days, orders_in_category("Footwear")'],
  ['cart.*', 'total, items, contains("SKU")'],
  ['now.*', 'month, weekday, ...'],
  ['related(source, "upsell")', 'the products already linked by a type'],
];

const EXAMPLES = [
  'source.price > 50 && source.category startsWith "Footwear/Running"',
  'target.category == "Accessories/Socks" && target.brand == source.brand && target.price < source.price',
  'target.tags contains "waterproof" && target.in_stock',
  'source.price >= $100 && target.color in ["black", "white"]',
  'customer.segment == "high_value" && customer.orders_in_category("Footwear") > 2',
  'cart.total > 100 && !cart.contains(target.sku)',
];

export function LanguageHelp() {
  return (
    <details className="lang-help">
      <summary>The condition language</summary>
      <table className="data small">
        <tbody>
          {NAMES.map(([name, what]) => (
            <tr key={name}>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td>{what}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">operators</th>
            <td>
              <code>&amp;&amp; || !</code>, <code>== != &lt; &lt;= &gt; &gt;=</code>, <code>+ - * / %</code>,{' '}
              <code>in [...]</code>, <code>startsWith</code>, <code>endsWith</code>, <code>contains</code>
            </td>
          </tr>
          <tr>
            <th scope="row">literals</th>
            <td>
              <code>&quot;text&quot;</code>, <code>49.99</code>, money <code>50 USD</code> or <code>$50</code>, dates{' '}
              <code>date(&quot;2026-12-01&quot;)</code>, <code>true</code> <code>false</code>
            </td>
          </tr>
        </tbody>
      </table>
      <p className="small muted">Examples:</p>
      <ul className="lang-examples small">
        {EXAMPLES.map((e) => (
          <li key={e}>
            <ConditionText text={e} />
          </li>
        ))}
      </ul>
    </details>
  );
}
