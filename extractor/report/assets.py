"""The report page's inline style sheet and script (no outside resources: the page
opens offline)."""

from __future__ import annotations

__all__ = ["CSS", "JS"]

CSS = """
:root{--fg:#1d2330;--mut:#667085;--bg:#fff;--bd:#e4e7ec;--acc:#2f5fb3;--err:#c0392b;--warn:#b7791f;--ok:#2f855a}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:#f7f8fa}
header{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--bd);padding:10px 20px}
h1{margin:0;font-size:20px}h2{margin:0 0 10px;font-size:18px}h3{font-size:15px;margin:14px 0 8px}
.sub,.note{color:var(--mut);margin:2px 0 6px}
#filters{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:6px 0}
#filters select{max-width:230px;padding:2px 4px}#filter-status{color:var(--mut)}
nav a{margin-right:14px;color:var(--acc);text-decoration:none}
main{padding:10px 20px 60px;max-width:1500px;min-width:0}
section{background:#fff;border:1px solid var(--bd);border-radius:6px;padding:14px 18px;margin:14px 0}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid var(--bd);border-radius:6px;padding:8px 14px;min-width:110px}
.card .v{font-size:20px;font-weight:600}.card .l{color:var(--mut);font-size:12px}
table{border-collapse:collapse;margin:6px 0 12px}th,td{border-bottom:1px solid var(--bd);padding:3px 8px;text-align:left;vertical-align:top}
thead th{background:#f2f4f7;font-weight:600}.num{text-align:right;font-variant-numeric:tabular-nums}
td.cell a{color:var(--acc);font-weight:600;text-decoration:none}td.cell a:hover{text-decoration:underline}
.nfig{display:inline-block;margin-left:5px;font-size:10px;color:var(--mut)}
.old{color:var(--mut);font-weight:normal}.rowtotal{font-weight:600}
.chip{display:inline-block;width:10px;height:10px;border-radius:2px;background:var(--kc);margin-right:5px}
.chart text{font-size:11px;fill:#333}.chart .tick{fill:var(--mut)}.chart .grid{stroke:#eee}.kbar{fill:var(--kc)}
.chartwrap{display:flex;gap:12px;align-items:flex-start;flex-wrap:wrap;max-width:100%}
.chartbox,.tablewrap{max-width:100%;min-width:0;overflow-x:auto}.tablewrap{margin:6px 0 12px}.tablewrap>table{margin:0}
#chart-kinds{max-width:100%;height:auto}
table.pxy .pcol{position:sticky;left:0;z-index:1;background:#fff;max-width:16em}
table.pxy .totcol{position:sticky;right:0;z-index:1;background:#f8fafc;box-shadow:-1px 0 0 var(--bd)}
table.pxy thead th.pcol,table.pxy thead th.totcol{background:#f2f4f7}
rect.bar.clipped{fill-opacity:.45;stroke:var(--err);stroke-width:1.5;stroke-dasharray:4 2}
.clipnote{color:var(--err);font-size:12px;margin:2px 0 8px}
.legend{list-style:none;padding:0;margin:0;font-size:12px;columns:2}.legend .sw{display:inline-block;width:10px;height:10px;margin-right:4px}
.flagsum{display:flex;gap:18px;list-style:none;padding:0}
tr.flag.error td:first-child{color:var(--err);font-weight:600}tr.flag.warning td:first-child{color:var(--warn);font-weight:600}
tr.bd.ok td:first-child{color:var(--ok)}tr.bd.bad td:first-child{color:var(--err);font-weight:600}
a.figlink{color:inherit;text-decoration:none;border-bottom:2px solid var(--kc);margin-right:6px}
mark{background:color-mix(in srgb,var(--kc) 30%,transparent);border-bottom:2px solid var(--kc);color:inherit;border-radius:2px;cursor:help}
mark.multi{outline:1px dashed #555}mark.flagged{box-shadow:0 2px 0 var(--err)}mark.dim{background:none;border-bottom:1px dotted #bbb}
mark.hot{outline:2px solid #111;background:color-mix(in srgb,var(--kc) 60%,transparent)}
.artbody{display:flex;gap:16px;align-items:flex-start}.artbody>*{min-width:0}
@media (max-width:1000px){.artbody{flex-direction:column}.artbody>*{width:100%}}
td,th,.note,.clipnote{overflow-wrap:break-word}.meta,.text{overflow-wrap:anywhere}
.num,.pxy td,.pxy th.num{white-space:nowrap}.text{flex:1 1 55%;white-space:pre-wrap;max-height:calc(100vh - 260px);min-height:300px;overflow:auto;border:1px solid var(--bd);padding:10px;border-radius:4px;background:#fcfcfd}
.side{flex:1 1 45%;max-height:calc(100vh - 260px);min-height:300px;overflow:auto;font-size:12px}.figs tr.hot{background:#fff4c2}
.meta{color:var(--mut)}.meta span{margin-right:4px}.legendline .lg{margin-right:12px;font-size:12px}
.badge{display:inline-block;font-size:11px;padding:0 5px;border-radius:8px;color:#fff;text-decoration:none;margin:1px}
.badge.error{background:var(--err)}.badge.warning{background:var(--warn)}.empty{color:var(--mut)}.site{color:var(--mut);font-size:12px}
[hidden]{display:none!important}.pane,.anchor,section{scroll-margin-top:150px}td.sign{font-weight:700;text-align:center}
"""

# Filters: an element with class "f" and data-province/-year/-kind/-site (values joined
# by "|") is shown only when every active filter matches. Cells and chart bars carry
# their parts ([site, value, key]) and are re-summed for the selected site.
JS = r"""
(function(){
'use strict';
var SEP='|';
var sites=[];document.querySelectorAll('#filter-site option').forEach(function(o){if(o.value)sites.push(o.value);});
function fmt(v){var neg=v<0;v=Math.abs(v);var s=Number.isInteger(v)?String(v):v.toFixed(2).replace(/0+$/,'').replace('.',',');
 var p=s.split(',');p[0]=p[0].replace(/\B(?=(\d{3})+(?!\d))/g,'.');return (neg?'-':'')+p.join(',');}
function one(x){var r=Math.floor(Math.abs(x)*10+0.5)/10*(x<0?-1:1);if(Number.isInteger(r))return fmt(r);
 var a=Math.abs(r).toFixed(1).split('.');return (r<0?'-':'')+fmt(Number(a[0]))+','+a[1];}
// formats.money / formats.money_exact / formats.scale_max, mirrored
function money(v){var a=Math.abs(v);if(a>=1e9)return one(v/1e9)+' tỷ đồng';if(a>=1e6)return one(v/1e6)+' triệu đồng';return fmt(Math.round(v))+' đồng';}
function exact(v){return fmt(Math.round(v))+' đồng';}
function val(v,kind){return kind==='money'?money(v):fmt(v);}
function hover(v,kind){return kind==='money'?exact(v):fmt(v);}
var CLIP=10;
function scaleMax(values){var vs=values.filter(function(v){return v>0;}).sort(function(a,b){return a-b;});
 if(!vs.length)return 1;if(vs.length<3)return vs[vs.length-1];var m=vs.length>>1;
 var med=vs.length%2?vs[m]:(vs[m-1]+vs[m])/2,cap=CLIP*med,w=vs.filter(function(v){return v<=cap;});
 return w.length?w[w.length-1]:vs[vs.length-1];}
function state(){var s={};document.querySelectorAll('[data-filter]').forEach(function(el){s[el.dataset.filter]=el.value;});return s;}
function matches(el,s){for(var k in s){if(!s[k])continue;var v=el.getAttribute('data-'+k);if(v===null)continue;
 if(v.split(SEP).indexOf(s[k])<0)return false;}return true;}
function sumParts(el,site){var parts=JSON.parse(el.getAttribute('data-parts')||'[]');var seen={},t=0;
 parts.forEach(function(p){if(site&&sites[p[0]]!==site)return;if(seen[p[2]])return;seen[p[2]]=1;t+=p[1];});return t;}
var D=JSON.parse((document.getElementById('report-data')||{}).textContent||'null');
function idx(list,v){return v?list.indexOf(v):-1;}
function overview(s){
 if(!D)return;
 var p=idx(D.provinces,s.province),y=idx(D.years,s.year),k=idx(D.kinds,s.kind),st=idx(D.sites,s.site);
 var per={},n=0;D.kinds.forEach(function(_,i){per[i]=0;});
 D.facts.forEach(function(f){if((p<0||f[0]===p)&&(y<0||f[1]===y)&&(k<0||f[2]===k)&&(st<0||f[3]===st)){n++;per[f[2]]++;}});
 var nf=0,byCheck={};D.flags.forEach(function(f){if((p<0||f[0]===p)&&(y<0||f[1]===y)&&(k<0||f[2]===k)&&(st<0||f[3].indexOf(st)>=0)){nf++;byCheck[f[4]]=(byCheck[f[4]]||0)+1;}});
 document.querySelectorAll('.flagsum li[data-check]').forEach(function(li){li.querySelector('b').textContent=String(byCheck[li.dataset.check]||0);});
 var perArt={};D.facts.forEach(function(f){if((p<0||f[0]===p)&&(y<0||f[1]===y)&&(k<0||f[2]===k)&&(st<0||f[3]===st))perArt[f[4]]=(perArt[f[4]]||0)+1;});
 var rows=document.querySelectorAll('table.artlist tbody tr'),na=0,ss={},ps={},dates=[];
 rows.forEach(function(r,i){var c=r.querySelector('td.nfigs a');if(c)c.textContent=String(perArt[i]||0);if(r.hidden)return;na++;ss[r.dataset.site]=1;ps[r.dataset.province]=1;var d=D.articles[i]&&D.articles[i][1];if(d)dates.push(d);});
 dates.sort();
 function card(id,t){var c=document.querySelector('#card-'+id+' .v');if(c)c.textContent=t;}
 card('articles',String(na));card('sites',String(Object.keys(ss).length));card('provinces',String(Object.keys(ps).length));
 card('published',dates.length?dates[0]+' → '+dates[dates.length-1]:'unknown');card('figures',String(n));card('flags',String(nf));
 var svg=document.getElementById('chart-kinds');if(!svg)return;var L=Number(svg.dataset.left),W=Number(svg.dataset.width),top=0;
 D.kinds.forEach(function(_,i){top=Math.max(top,per[i]);});top=top||1;
 svg.querySelectorAll('g.kindrow').forEach(function(g){var c=per[D.kinds.indexOf(g.dataset.kind)]||0,w=c?Math.max(1,W*c/top):0;
  g.querySelector('rect').setAttribute('width',w.toFixed(1));var t=g.querySelector('text.kn');t.textContent=String(c);t.setAttribute('x',(L+w+5).toFixed(1));
  g.querySelector('title').textContent=g.dataset.kind+': '+c;});
}
function apply(){
 var s=state();
 document.querySelectorAll('.f').forEach(function(el){el.toggleAttribute('hidden',!matches(el,s));});
 document.querySelectorAll('table.pxy').forEach(function(tb){var kind=tb.dataset.kind;
  tb.querySelectorAll('td.cell').forEach(function(td){var t=sumParts(td,s.site);td.dataset.total=t;
   var v=td.querySelector('.val');if(v)v.textContent=val(t,kind);var a=td.querySelector('a');if(a)a.title=hover(t,kind)+' · '+td.dataset.n;
   td.classList.toggle('zero',t===0);});
  tb.querySelectorAll('tbody tr').forEach(function(tr){var t=0;
   tr.querySelectorAll('td.cell').forEach(function(td){if(!td.hasAttribute('hidden'))t+=Number(td.dataset.total||0);});
   var rt=tr.querySelector('.rowtotal');if(rt){rt.textContent=val(t,kind);rt.title=hover(t,kind);}});});
 document.querySelectorAll('svg.pxy-chart').forEach(function(svg){var b=Number(svg.dataset.base),H=Number(svg.dataset.h),kind=svg.dataset.kind;
  var bars=Array.from(svg.querySelectorAll('rect.bar'));bars.forEach(function(r){r._v=sumParts(r,s.site);});
  var mx=scaleMax(bars.filter(function(r){return !r.hasAttribute('hidden');}).map(function(r){return r._v;})),off=[];
  bars.forEach(function(r){var over=r._v>mx,h=H*Math.min(r._v,mx)/mx;r.setAttribute('height',h.toFixed(1));r.setAttribute('y',(b-h).toFixed(1));
   r.classList.toggle('clipped',over);if(over&&!r.hasAttribute('hidden'))off.push(r.dataset.label+': '+val(r._v,kind));});
  svg.querySelectorAll('.ytick').forEach(function(t){var x=mx*Number(t.dataset.frac);t.textContent=val(kind==='money'?x:Math.round(x),kind);});
  var note=document.querySelector('p.clipnote[data-kind="'+kind+'"]');
  if(note){note.hidden=!off.length;note.textContent=off.length?'Scale cut at '+val(mx,kind)+'; off the scale (hatched, possibly a misread figure): '+off.join('; '):'';}});
 document.querySelectorAll('span.paneval').forEach(function(el){var t=sumParts(el,s.site),kind=el.dataset.kind;el.textContent=val(t,kind);el.title=hover(t,kind);});
 document.querySelectorAll('mark.fig').forEach(function(m){m.classList.toggle('dim',!!s.kind&&m.dataset.kind.split(SEP).indexOf(s.kind)<0);});
 var rows=document.querySelectorAll('table.artlist tbody tr'),n=0;rows.forEach(function(r){if(!r.hidden)n++;});
 var fl=document.querySelectorAll('table.flags tbody tr'),nf=0;fl.forEach(function(r){if(!r.hidden)nf++;});
 document.getElementById('filter-status').textContent='Showing '+n+' of '+rows.length+' articles, '+nf+' of '+fl.length+' flags';
 overview(s);
}
function centre(el){var box=el.closest('.text,.side');if(!box){el.scrollIntoView({block:'center'});return;}
 box.scrollTop+=el.getBoundingClientRect().top-box.getBoundingClientRect().top-box.clientHeight/2;}
function show(hash){
 if(!hash||hash.length<2)return;var el=document.getElementById(decodeURIComponent(hash.slice(1)));if(!el)return;
 var pane=el.classList.contains('pane')?el:el.closest('.pane');
 if(pane){document.getElementById('viewer').hidden=false;document.querySelectorAll('.pane').forEach(function(p){p.hidden=(p!==pane);});}
 document.querySelectorAll('.hot').forEach(function(x){x.classList.remove('hot');});
 if(el.classList.contains('anchor')){var id=el.id;
  document.querySelectorAll('mark.fig').forEach(function(m){if(m.dataset.figs.split(' ').indexOf(id)>=0)m.classList.add('hot');});
  var row=document.getElementById(id.replace('fig-','row-'));if(row)row.classList.add('hot');
  if(pane)pane.scrollIntoView({block:'start'});
  var first=document.querySelector('mark.hot');centre(first||el);if(row)centre(row);
 }else{el.scrollIntoView({block:'start'});}
}
document.addEventListener('click',function(ev){var m=ev.target.closest&&ev.target.closest('mark.fig');if(!m)return;
 var inner=m.dataset.figs.split(' ')[0];history.replaceState(null,'','#'+inner);show('#'+inner);});
document.querySelectorAll('[data-filter]').forEach(function(el){el.addEventListener('change',apply);});
document.getElementById('filter-reset').addEventListener('click',function(){document.querySelectorAll('[data-filter]').forEach(function(el){el.value='';});apply();});
window.addEventListener('hashchange',function(){show(location.hash);});
apply();show(location.hash);
})();
"""
