/**
 * The report page's own script: reads the chart specs (model.ts ChartSpec) from the page's JSON
 * element and draws each with uPlot. Plain browser JavaScript kept as text, so it is embedded as
 * written (a TypeScript function's source would carry whatever the compiler added). Every chart
 * made is kept in `window.dhcpulseReport.charts`, for the browser test to inspect.
 */
export const CLIENT_SCRIPT = `
(function () {
	'use strict';
	var specs = JSON.parse(document.getElementById('dhcpulse-charts').textContent);
	var charts = [];
	window.dhcpulseReport = { charts: charts };
	// The log axis puts ticks at 1–9 × each power of ten: only the powers (0 %, 90 %, 99 %, …) are labelled.
	function pctTick(v) {
		var l = Math.log10(v);
		return Math.abs(l - Math.round(l)) < 1e-9 ? pctLabel(v) : '';
	}
	function pctLabel(v) {
		var p = 100 * (1 - 1 / v);
		return (p >= 99 ? String(Math.round(p * 1000) / 1000) : String(Math.round(p))) + '%';
	}
	function markerHook(spec) {
		return function (u) {
			var m = spec.marker, ctx = u.ctx, top = u.bbox.top, h = u.bbox.height;
			ctx.save();
			if (m.low != null && m.high != null) {
				var a = u.valToPos(m.low, 'x', true), b = u.valToPos(m.high, 'x', true);
				ctx.fillStyle = 'rgba(0,114,178,0.12)';
				ctx.fillRect(Math.min(a, b), top, Math.abs(b - a), h);
			}
			var x = u.valToPos(m.x, 'x', true);
			ctx.strokeStyle = '#0072B2';
			ctx.lineWidth = 2;
			ctx.setLineDash([5, 4]);
			ctx.beginPath();
			ctx.moveTo(x, top);
			ctx.lineTo(x, top + h);
			ctx.stroke();
			ctx.fillStyle = '#0072B2';
			ctx.font = 'bold ' + Math.round(12 * devicePixelRatio) + 'px sans-serif';
			ctx.fillText(m.label, x + 6, top + 14 * devicePixelRatio);
			ctx.restore();
		};
	}
	specs.forEach(function (spec) {
		var el = document.getElementById(spec.id);
		var width = Math.max(480, Math.min(el.clientWidth || 960, 1200));
		var series = [{ label: spec.xLabel, value: spec.xPercentile ? function (u, v) { return v == null ? '–' : pctLabel(v); } : undefined }];
		spec.series.forEach(function (s) {
			series.push({
				label: s.label,
				stroke: s.color,
				width: 2,
				// Opaque: a stacked band drawn later covers the part of the one below it that is not its own.
				fill: s.fill ? s.color : undefined,
				dash: s.dash ? [6, 4] : undefined,
				spanGaps: false,
				paths: s.points ? function () { return null; } : undefined,
				points: s.points ? { show: true, size: 8, stroke: s.color, fill: s.color } : { show: false },
				value: s.shown ? function (u, v, si, i) { return i == null || s.shown[i] == null ? '–' : s.shown[i]; } : undefined,
			});
		});
		var opts = {
			title: spec.title,
			width: width,
			height: 320,
			scales: {
				x: spec.xPercentile ? { time: false, distr: 3, log: 10 } : { time: false },
				// Counts, rates and latencies start at 0, so a band's height reads as its size.
				y: spec.yLog ? { distr: 3, log: 10 } : { range: function (u, min, max) { return [0, max > 0 ? max * 1.05 : 1]; } },
			},
			axes: [
				{ label: spec.xLabel, values: spec.xPercentile ? function (u, ticks) { return ticks.map(pctTick); } : undefined },
				{ label: spec.yLabel },
			],
			series: series,
			hooks: spec.marker ? { draw: [markerHook(spec)] } : {},
		};
		var data = [spec.x].concat(spec.series.map(function (s) { return s.values; }));
		var u = new uPlot(opts, data, el);
		u.dhcpulseId = spec.id;
		charts.push(u);
	});
})();
`;
