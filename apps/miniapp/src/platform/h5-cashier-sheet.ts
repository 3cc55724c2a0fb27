// The h5 demo's stand-in for WeChat's cashier: a sheet a person (or a browser test) answers.
// Plain DOM so it works over any page; class names are the test hooks.

export type CashierChoice = 'success' | 'cancel' | 'fail';

export interface CashierSheetContent {
  amountText: string;
  sn: string;
}

const SHEET_STYLE = [
  'position:fixed',
  'left:0',
  'right:0',
  'bottom:0',
  'z-index:10000',
  'background:#fff',
  'border-radius:12px 12px 0 0',
  'box-shadow:0 -2px 12px rgba(0,0,0,.15)',
  'padding:20px 16px 28px',
  'font-size:16px',
  'text-align:center',
].join(';');
const BUTTON_STYLE =
  'display:block;width:100%;margin-top:12px;padding:12px;border:0;border-radius:6px;font-size:16px';

function element(tag: string, className: string, text: string, style = ''): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  if (style) node.setAttribute('style', style);
  return node;
}

/** Shows the sheet and resolves with the shopper's choice; the sheet is removed either way. */
export function openCashierSheet({ amountText, sn }: CashierSheetContent, doc: Document = document) {
  return new Promise<CashierChoice>((resolve) => {
    const sheet = element('div', 'sim-cashier', '', SHEET_STYLE);
    sheet.setAttribute('role', 'dialog');
    sheet.append(
      element('div', 'sim-cashier-title', '微信支付（模拟）', 'color:#666'),
      element('div', 'sim-cashier-amount', amountText, 'font-size:32px;font-weight:600;margin:12px 0'),
      element('div', 'sim-cashier-sn', `订单号 ${sn}`, 'color:#999;font-size:13px'),
    );
    const choices: [CashierChoice, string, string, string][] = [
      ['success', 'sim-cashier-confirm', '确认支付', 'background:#07c160;color:#fff'],
      ['cancel', 'sim-cashier-cancel', '取消', 'background:#f2f2f2;color:#333'],
      ['fail', 'sim-cashier-fail', '模拟支付失败', 'background:none;color:#999;font-size:13px'],
    ];
    for (const [choice, className, label, style] of choices) {
      const button = element('button', className, label, `${BUTTON_STYLE};${style}`);
      button.setAttribute('type', 'button');
      button.addEventListener('click', () => {
        sheet.remove();
        resolve(choice);
      });
      sheet.append(button);
    }
    doc.body.append(sheet);
  });
}
