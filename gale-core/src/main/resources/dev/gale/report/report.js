/* gale report charts: draws every chart declared in the #gale-data JSON with uPlot. No network access. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('gale-data').textContent);
  var plots = [];
  var rendered = 0;

  function ninesLabel(x) {
    if (x == null) { return ''; }
    if (x <= 1) { return '0%'; }
    var p = 100 - 100 / x;
    var s = p.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
    return s + '%';
  }

  function ninesSplits(u, axisIdx, min, max) {
    var out = [1, 2, 4, 10];
    for (var v = 100; v <= max * 1.0001; v *= 10) { out.push(v); }
    return out.filter(function (v) { return v >= min * 0.9999 && v <= max * 1.0001; });
  }

  function fmtMs(v) {
    if (v == null) { return '-'; }
    if (v === 0) { return '0'; }
    // The units of the tables (Units.millis): each ends where its figure would round up to the next one.
    if (v < 0.9995) { return (v * 1000).toFixed(0) + 'us'; }
    if (v < 999.995) { return v.toFixed(2) + 'ms'; }
    if (v < 59995) { return (v / 1000).toFixed(2) + 's'; }
    return (v / 60000).toFixed(2) + 'm';
  }

  function fmtNum(v) {
    if (v == null) { return '-'; }
    return v.toLocaleString('en-US', { maximumFractionDigits: 1 });
  }

  function bandsPlugin(bands) {
    return {
      hooks: {
        drawClear: function (u) {
          var ctx = u.ctx;
          ctx.save();
          ctx.fillStyle = 'rgba(250, 204, 21, 0.15)';
          bands.forEach(function (b) {
            var x0 = u.valToPos(b.from, 'x', true);
            var x1 = u.valToPos(b.to, 'x', true);
            ctx.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
          });
          ctx.restore();
        }
      }
    };
  }

  /** Heavy tails (max far above the median) read better on a logarithmic latency axis. */
  function heavyTailed(spec) {
    var values = [];
    spec.series.forEach(function (s) { s.y.forEach(function (v) { if (v != null && v > 0) { values.push(v); } }); });
    if (values.length === 0) { return false; }
    values.sort(function (a, b) { return a - b; });
    return values[values.length - 1] > 20 * values[Math.floor(values.length / 2)];
  }

  /**
   * A time chart's series on one x axis. Each series has one value per row of the timeline, at the row's
   * start, and the value holds until the next row starts, the last one until the series' end: uPlot draws
   * such steps from a point at each start and one at the end. That end point carries the last value that is
   * not a gap, so that the line reaches the end even after gaps (which are cut out of it), and is never read
   * (see rowUnderCursor). Where only another series has a point, the row of this one that holds there is
   * copied in, so that a gap stays a gap all along its row. Gives the data and, per series, the index of its
   * end point.
   */
  function timeData(spec) {
    var tables = spec.series.map(function (s) {
      var last = null;
      s.y.forEach(function (v) { if (v != null) { last = v; } });
      return [s.x.concat([s.end]), s.y.concat([last])];
    });
    var aligned = tables.length === 1 ? tables[0] : uPlot.join(tables);
    var xs = aligned[0];
    var ends = tables.map(function (t, k) {
      var ys = aligned[k + 1];
      var first = t[0][0];
      var end = t[0][t[0].length - 1];
      for (var i = 1; i < xs.length; i++) {
        if (ys[i] === undefined && xs[i] > first && xs[i] < end) { ys[i] = ys[i - 1]; }
      }
      return xs.indexOf(end);
    });
    return { data: aligned, ends: ends };
  }

  /**
   * The legend of a time chart reads the row under the cursor: the last point at or before it, and nothing
   * past a series' end, whose end point only closes its last row.
   */
  function rowUnderCursor(ends) {
    return function (u, seriesIdx, closestIdx, xValue) {
      var xs = u.data[0];
      var i = closestIdx;
      while (i > 0 && xs[i] > xValue) { i--; }
      if (seriesIdx === 0) { return i; }
      var end = ends[seriesIdx - 1];
      if (i >= end) { return xValue <= xs[end] ? end - 1 : null; }
      return i;
    };
  }

  function make(el, spec, logY) {
    var nines = spec.kind === 'nines';
    var time = nines ? null : timeData(spec);
    var tables = spec.series.map(function (s) { return [s.x, s.y]; });
    var aligned = time ? time.data : tables.length === 1 ? tables[0] : uPlot.join(tables);
    var maxX = 1;
    aligned[0].forEach(function (v) { if (v > maxX) { maxX = v; } });
    var latency = spec.y === 'ms';
    var series = [{ label: nines ? 'percentile' : 'time (s)', value: function (u, v) {
      return v == null ? '-' : nines ? ninesLabel(v) : v.toFixed(1) + 's';
    } }];
    spec.series.forEach(function (s) {
      series.push({
        label: s.label,
        stroke: s.color,
        width: 2,
        dash: s.dash ? [6, 4] : undefined,
        scale: s.axis2 ? 'y2' : 'y',
        spanGaps: false,
        points: { show: false },
        // A gap runs from the start of its first row to the start of the next row with a value.
        paths: nines ? undefined : uPlot.paths.stepped({ align: 1, alignGaps: 1 }),
        value: function (u, v) { return s.axis2 || !latency ? fmtNum(v) : fmtMs(v); }
      });
    });
    var scales = { x: { time: false, range: function () { return [0, maxX]; } }, y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.05 : 1]; } } };
    if (logY) {
      scales.y = { distr: 3, log: 10, range: function (u, min, max) {
        var lo = min > 0 ? min : 0.001;
        var hi = max > lo ? max : lo * 10;
        return [Math.pow(10, Math.floor(Math.log10(lo))), Math.pow(10, Math.ceil(Math.log10(hi)))];
      } };
    }
    if (nines) {
      scales.x = { time: false, distr: 3, log: 10, range: function () {
        return [1, Math.pow(10, Math.max(1, Math.ceil(Math.log10(maxX) - 1e-9)))];
      } };
    }
    var axes = [
      nines
        ? { label: 'percentile', splits: ninesSplits, filter: function (u, splits) { return splits; },
            values: function (u, vals) { return vals.map(ninesLabel); } }
        : { label: 'seconds since start' },
      { label: spec.y, values: function (u, vals) { return vals.map(function (v) { return latency ? fmtMs(v) : fmtNum(v); }); }, size: 70 }
    ];
    if (spec.y2) {
      scales.y2 = { range: function (u, min, max) { return [0, max > 0 ? max * 1.05 : 1]; } };
      axes.push({ scale: 'y2', side: 1, label: spec.y2, grid: { show: false }, size: 60 });
    }
    var opts = {
      width: Math.max(320, el.clientWidth),
      height: 300,
      scales: scales,
      axes: axes,
      series: series,
      cursor: time ? { drag: { x: true, y: false }, dataIdx: rowUnderCursor(time.ends) } : { drag: { x: true, y: false } },
      plugins: spec.bands ? [bandsPlugin(spec.bands)] : []
    };
    return new uPlot(opts, aligned, el);
  }

  data.charts.forEach(function (spec) {
    var el = document.getElementById(spec.id);
    try {
      var box = document.querySelector('input[data-log-for="' + spec.id + '"]');
      var logY = spec.y === 'ms' && heavyTailed(spec);
      var entry = { el: el, plot: make(el, spec, logY) };
      plots.push(entry);
      if (box) {
        box.checked = logY;
        box.addEventListener('change', function () {
          entry.plot.destroy();
          entry.plot = make(el, spec, box.checked);
        });
      }
      rendered++;
    } catch (e) {
      el.textContent = 'This chart could not be drawn: ' + e;
      console.error('gale: chart ' + spec.id + ' failed', e);
    }
  });
  document.body.setAttribute('data-charts', String(data.charts.length));
  document.body.setAttribute('data-charts-rendered', String(rendered));

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      plots.forEach(function (p) { p.plot.setSize({ width: Math.max(320, p.el.clientWidth), height: 300 }); });
    }, 100);
  });
})();
