import QRCode from 'qrcode';
import { oauthErrors as E } from './oauth.errors.js';

/** Escapes text for HTML content and double-quoted attributes. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Makes a value safe inside an inline `<script>` (no `</script>`, no line separators). */
function scriptValue(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${esc(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f6f7;color:#222;margin:0;
display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08);padding:32px;max-width:360px;text-align:center}
h1{font-size:20px;margin:0 0 8px}p{color:#555;line-height:1.5;margin:8px 0}small{color:#888}
img{width:220px;height:220px;image-rendering:pixelated}
button{font-size:16px;padding:10px 28px;border:0;border-radius:6px;background:#07c160;color:#fff;cursor:pointer}
button:disabled{background:#9bd5b4}code{background:#f0f0f0;padding:1px 4px;border-radius:3px}
</style></head><body><main>${body}</main></body></html>`;
}

type Explained = { zh: string; en: string };

/** What the refusals a member meets most often mean, in words for them rather than for a developer. */
const EXPLAINED: Record<string, (details: Record<string, unknown>) => Explained> = {
  [E.redirectDomain]: (details) => {
    const host = typeof details.host === 'string' && details.host !== '' ? details.host : '';
    return {
      zh: `这个链接要把你的身份交给${host ? ` ${host}` : '另一个网站'}，但它不是应用的可信域名，所以没有跳转过去。如果这是你们单位的应用，请联系管理员在管理后台的应用设置中填写可信域名。`,
      en: `This link would hand who you are to ${host || 'another site'}, which is not a trusted domain of the app, so you were not sent there. If this is one of your organization's apps, ask an admin to set its trusted domain in the console's app settings.`,
    };
  },
  [E.outOfScope]: () => ({
    zh: '你不在这个应用的可见范围内，无法用你的身份登录它。如需使用，请联系管理员。',
    en: "You are outside this app's visible scope, so it cannot sign you in. Ask an admin if you need it.",
  }),
  [E.appDisabled]: () => ({ zh: '这个应用已被停用。', en: 'This app has been disabled.' }),
};

/**
 * A refusal shown to a person: what went wrong in both languages, and the code to quote to an admin. Only
 * the page's own words and escaped values appear; it never links or sends the browser anywhere.
 */
export function errorPage(error: { code: string; message: string; details?: Record<string, unknown> }): string {
  const explained = EXPLAINED[error.code]?.(error.details ?? {});
  const text = explained
    ? `<p lang="zh-CN">${esc(explained.zh)}</p><p lang="en">${esc(explained.en)}</p>`
    : `<p>${esc(error.message)}</p>`;
  return page(
    '无法继续 · Cannot continue',
    `<h1>无法继续 · Cannot continue</h1>${text}<p><small>错误 · error <code>${esc(error.code)}</code></small></p>`,
  );
}

/** The desktop page of a QR web login: the QR code, and a script that polls until the member confirms. */
export async function qrLoginPage(options: {
  appName: string;
  confirmUrl: string;
  statusUrl: string;
  lang: 'zh' | 'en';
}): Promise<string> {
  const image = await QRCode.toDataURL(options.confirmUrl, { margin: 1, width: 220 });
  const zh = options.lang === 'zh';
  const text = {
    title: zh ? `登录 ${options.appName}` : `Sign in to ${options.appName}`,
    hint: zh ? '请使用 Enclave 扫描二维码登录' : 'Scan the QR code with Enclave to sign in',
    confirmed: zh ? '已确认，正在跳转…' : 'Confirmed, redirecting…',
    expired: zh ? '二维码已失效，请刷新页面' : 'The QR code has expired; reload the page',
  };
  return page(
    text.title,
    `<h1>${esc(text.title)}</h1><img alt="QR code" src="${esc(image)}"><p id="hint">${esc(text.hint)}</p>
<script>
(function(){var statusUrl=${scriptValue(options.statusUrl)},text=${scriptValue(text)};
var hint=document.getElementById('hint');
function poll(){fetch(statusUrl,{cache:'no-store'}).then(function(r){return r.json()}).then(function(s){
if(s.status==='confirmed'&&s.location){hint.textContent=text.confirmed;
try{window.top.location.href=s.location}catch(e){window.location.href=s.location}return}
if(s.status==='pending'){setTimeout(poll,1500);return}
hint.textContent=text.expired}).catch(function(){setTimeout(poll,3000)})}
setTimeout(poll,1500)})();
</script>`,
  );
}

/** The member's phone page: "sign in to <app> on the computer?", confirmed with the session's CSRF token. */
export function confirmPage(options: { appName: string; ticket: string; csrfToken: string }): string {
  const data = { ticket: options.ticket, csrf: options.csrfToken };
  return page(
    '确认登录 · Confirm sign-in',
    `<h1>在电脑上登录 ${esc(options.appName)}？</h1><p>Sign in to ${esc(options.appName)} on the computer?</p>
<p><button id="ok">确认登录 · Sign in</button></p><p id="result"></p>
<script>
(function(){var data=${scriptValue(data)},ok=document.getElementById('ok'),out=document.getElementById('result');
ok.addEventListener('click',function(){ok.disabled=true;
fetch('/api/client/wwlogin/confirm',{method:'POST',credentials:'same-origin',
headers:{'content-type':'application/json','x-csrf-token':data.csrf},body:JSON.stringify({ticket:data.ticket})})
.then(function(r){return r.json().then(function(b){return {ok:r.ok,body:b}})}).then(function(r){
out.textContent=r.ok?'已确认，可返回电脑 · Confirmed; go back to the computer':(r.body.message||'error')})
.catch(function(){ok.disabled=false;out.textContent='网络错误 · network error'})})})();
</script>`,
  );
}
