/** The dashboard's only stylesheet and script, served from the mount path: no build step, no CDN, works offline. */
import { createHash } from "node:crypto";

/** The stylesheet: system fonts, light and dark schemes, visible focus, contrast checked by axe. */
export const DASHBOARD_CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;--link:#0550ae;--accent:#0550ae;--danger:#a40e26;--ok:#116329;--warn:#7d4e00;--focus:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9ea7b3;--line:#30363d;--panel:#161b22;--link:#6cb6ff;--accent:#6cb6ff;--danger:#ff8182;--ok:#56d364;--warn:#e3b341;--focus:#6cb6ff}}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
a{color:var(--link)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:.5rem;background:var(--bg);padding:.25rem .5rem;z-index:2}
header{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;padding:.6rem 1.25rem;border-bottom:1px solid var(--line);background:var(--panel)}
header .brand{font-weight:700;margin-right:1rem;color:var(--fg);text-decoration:none}
header nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
header nav a[aria-current=page]{font-weight:700;text-decoration:none;color:var(--fg)}
header .live{margin-left:auto;display:flex;gap:.4rem;align-items:center;color:var(--muted)}
main{padding:1rem 1.25rem;max-width:1400px}
h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%;margin:.25rem 0 1rem}
th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;background:var(--panel)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr.job-row:hover,tbody tr.job-row:focus-within{background:var(--panel)}
tbody tr.job-row a.job-link{font-weight:600}
pre{background:var(--panel);border:1px solid var(--line);padding:.6rem;overflow:auto;max-height:28rem;white-space:pre-wrap;word-break:break-word;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.muted{color:var(--muted)}
.cards{display:flex;flex-wrap:wrap;gap:.6rem;list-style:none;padding:0;margin:0 0 1rem}
.cards li a{display:block;min-width:7.5rem;padding:.5rem .75rem;border:1px solid var(--line);border-radius:6px;text-decoration:none;color:var(--fg);background:var(--panel)}
.cards .n{display:block;font-size:1.4rem;font-weight:700;font-variant-numeric:tabular-nums}
.state{display:inline-block;padding:0 .45rem;border-radius:999px;border:1px solid currentColor;font-size:.85em;white-space:nowrap}
.state-completed{color:var(--ok)}.state-discarded,.state-cancelled{color:var(--danger)}.state-retryable,.state-running{color:var(--warn)}
.notice{padding:.5rem .75rem;border:1px solid var(--accent);border-radius:6px;margin:0 0 1rem}
.notice.error{border-color:var(--danger)}
.banner{padding:1rem;border:2px solid var(--danger);border-radius:6px}
form.inline{display:inline}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0 1rem}
button{font:inherit;padding:.3rem .8rem;border-radius:6px;border:1px solid var(--line);background:var(--panel);color:var(--fg);cursor:pointer}
button.danger{border-color:var(--danger);color:var(--danger)}
button:disabled{opacity:.6;cursor:not-allowed}
.filters{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:end;padding:.75rem;border:1px solid var(--line);border-radius:6px;margin-bottom:1rem}
.filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted);gap:.15rem}
input,select{font:inherit;padding:.25rem .4rem;border:1px solid var(--muted);border-radius:4px;background:var(--bg);color:var(--fg)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1rem}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
ol.timeline{list-style:none;padding:0;border-left:2px solid var(--line);margin-left:.4rem}
ol.timeline li{padding:.15rem 0 .5rem 1rem}
.chart svg{width:100%;max-width:760px;height:auto;display:block}
.chart .completed{fill:var(--ok)}.chart .failed{fill:var(--danger)}
.pager{display:flex;gap:1rem;margin:.5rem 0}
`;

/**
 * The script, all optional (every page and action works without it): the live-refresh
 * toggle (a fetch poll every 5 s that swaps in the new page's main region while nothing in
 * it has focus, remembered in localStorage) and confirmation prompts on single destructive actions.
 */
export const DASHBOARD_JS = `(function(){
var KEY="tributary-dashboard-live";var box=document.getElementById("live-refresh");var stamp=document.getElementById("live-stamp");
if(box){box.closest(".live").hidden=false;box.checked=localStorage.getItem(KEY)==="1";
box.addEventListener("change",function(){localStorage.setItem(KEY,box.checked?"1":"0");if(box.checked)refresh();});}
function busy(){var m=document.getElementById("main");var a=document.activeElement;return m&&a&&a!==document.body&&m.contains(a)&&(a.tagName==="INPUT"||a.tagName==="SELECT"||a.tagName==="TEXTAREA");}
function refresh(){if(!box||!box.checked||document.hidden||busy())return;
fetch(location.href,{headers:{accept:"text/html"},credentials:"same-origin"}).then(function(r){return r.text();}).then(function(t){
var doc=new DOMParser().parseFromString(t,"text/html");var next=doc.getElementById("main");var cur=document.getElementById("main");
if(next&&cur&&!busy()){cur.innerHTML=next.innerHTML;if(stamp)stamp.textContent="updated "+new Date().toLocaleTimeString();}}).catch(function(){});}
setInterval(refresh,5000);
document.addEventListener("submit",function(e){var f=e.target;var q=f.getAttribute("data-confirm");if(q&&!window.confirm(q))e.preventDefault();});
})();`;

/** A short content hash, so asset URLs change when the assets do and may be cached for long. */
export const ASSET_VERSION = createHash("sha256").update(DASHBOARD_CSS).update(DASHBOARD_JS).digest("hex").slice(0, 10);
