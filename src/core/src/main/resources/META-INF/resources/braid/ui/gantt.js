/* Gantt chart of a run with ECharts: one row per task, one bar per try (retries and restarts are separate bars,
   failed ones red), fan-out partitions as extra rows under their task when expanded. Running bars reach "now". */
(function (Braid) {
  'use strict';

  var ROW_HEIGHT = 22;
  var VISIBLE_ROWS = 40;

  function ms(t) { return t ? Date.parse(t) : null; }

  function firstStart(t) {
    var s = (t.tries || []).map(function (y) { return ms(y.start); }).filter(Boolean);
    return s.length ? Math.min.apply(null, s) : (ms(t.start) || Infinity);
  }

  /** Rows and bars of a run: [row, start, end, status, label, detail]. */
  function bars(run, expanded, now) {
    var tasks = run.tasks.slice().sort(function (a, b) { return firstStart(a) - firstStart(b); });
    var rows = [];
    var data = [];
    var running = 0;
    tasks.forEach(function (t) {
      var row = rows.length;
      var parts = t.partitions || [];
      rows.push({ label: (parts.length ? (expanded[t.id] ? '▾ ' : '▸ ') : '') + t.id, task: t.id });
      var tries = t.tries && t.tries.length ? t.tries
        : (t.start ? [{ attempt: t.attempts, start: t.start, end: t.end, status: t.status, error: t.error }] : []);
      tries.forEach(function (y) {
        var end = ms(y.end) || now;
        if (!y.end) { running++; }
        data.push({ value: [row, ms(y.start), end, y.status, t.id + ' · try ' + y.attempt, y.error || ''], task: t.id });
      });
      if (parts.length && expanded[t.id]) {
        var byIndex = {};
        parts.forEach(function (p) { (byIndex[p.index] = byIndex[p.index] || []).push(p); });
        Object.keys(byIndex).sort(function (a, b) { return a - b; }).forEach(function (i) {
          var prow = rows.length;
          var item = byIndex[i][0].item;
          rows.push({ label: '   [' + i + '] ' + (item === undefined ? '' : JSON.stringify(item)).slice(0, 28), task: t.id });
          byIndex[i].forEach(function (p) {
            var end = ms(p.end) || now;
            data.push({ value: [prow, ms(p.start), end, p.status, t.id + ' [' + i + '] · try ' + p.attempt, p.error || ''], task: t.id });
          });
        });
      }
    });
    return { rows: rows, data: data, running: running };
  }

  function renderItem(params, api) {
    var y = api.value(0);
    var start = api.coord([api.value(1), y]);
    var end = api.coord([api.value(2), y]);
    var h = api.size([0, 1])[1] * 0.62;
    var rect = echarts.graphic.clipRectByRect(
      { x: start[0], y: start[1] - h / 2, width: Math.max(2, end[0] - start[0]), height: h },
      { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height });
    return rect && { type: 'rect', shape: rect, style: { fill: Braid.COLORS[api.value(3)] || '#888' } };
  }

  function fmt(msv) { return msv < 1000 ? msv + ' ms' : (msv / 1000).toFixed(msv < 10000 ? 2 : 1) + ' s'; }

  /**
   * @param container element to draw into
   * @param onSelect called with a task id when a bar or a row label is clicked; a fan-out row also toggles
   *                 its partitions
   */
  function create(container, onSelect) {
    var chart = echarts.init(container, null, { renderer: 'canvas' });
    var expanded = {};
    var last = null;
    var rows = [];

    function draw(run) {
      last = run;
      var b = bars(run, expanded, Date.now());
      rows = b.rows;
      var shown = Math.min(rows.length, VISIBLE_ROWS);
      container.style.height = (shown * ROW_HEIGHT + 90) + 'px';
      chart.resize();
      chart.setOption({
        animation: false,
        grid: { left: 190, right: 40, top: 28, bottom: 50 },
        tooltip: { formatter: function (p) {
          var v = p.value;
          return Braid.esc(v[4]) + '<br>' + v[3] + ' · ' + fmt(v[2] - v[1]) + (v[5] ? '<br><span style="color:#d64545">' + Braid.esc(v[5]).slice(0, 300) + '</span>' : '');
        } },
        xAxis: { type: 'time', position: 'top', splitLine: { show: true, lineStyle: { color: '#eef1f4' } },
          axisLabel: { fontSize: 10, hideOverlap: true, formatter: '{HH}:{mm}:{ss}' } },
        yAxis: { type: 'category', inverse: true, data: rows.map(function (r) { return r.label; }),
          axisLabel: { fontSize: 11, width: 180, overflow: 'truncate' }, triggerEvent: true },
        dataZoom: [
          { type: 'slider', yAxisIndex: 0, right: 8, width: 14, startValue: 0, endValue: shown - 1,
            show: rows.length > VISIBLE_ROWS, filterMode: 'weakFilter', zoomLock: true, showDetail: false },
          { type: 'inside', yAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true, filterMode: 'weakFilter' },
          { type: 'slider', xAxisIndex: 0, height: 16, bottom: 8, filterMode: 'weakFilter', showDetail: false },
          { type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter' }
        ],
        series: [{ type: 'custom', renderItem: renderItem, encode: { x: [1, 2], y: 0 }, data: b.data }]
      }, { replaceMerge: ['series'] });
      container.setAttribute('data-bars', String(b.data.length));
      container.setAttribute('data-running', String(b.running));
    }

    chart.on('click', function (p) {
      var task = p.componentType === 'series' ? p.data.task
        : (p.componentType === 'yAxis' ? (rows[p.dataIndex] || rows.find(function (r) { return r.label === p.value; }) || {}).task : null);
      if (!task) { return; }
      var t = last && last.tasks.find(function (x) { return x.id === task; });
      if (p.componentType === 'yAxis' && t && t.partitions && t.partitions.length) {
        expanded[task] = !expanded[task];
        draw(last);
      }
      if (onSelect) { onSelect(task); }
    });
    window.addEventListener('resize', function () { chart.resize(); });

    return {
      update: draw,
      toggle: function (task) { expanded[task] = !expanded[task]; if (last) { draw(last); } },
      destroy: function () { chart.dispose(); }
    };
  }

  Braid.Gantt = { create: create };
})(window.Braid = window.Braid || {});
