/* One run: header figures, root cause, graph, Gantt chart, task table and task details. Used live by the
   dashboard and statically by the self-contained report, so it never fetches anything itself. */
(function (Braid) {
  'use strict';

  var FINAL = ['COMPLETED', 'FAILED', 'STOPPED', 'ABANDONED'];
  var ENDED_TASK = ['COMPLETED', 'FAILED', 'SKIPPED', 'CANCELLED', 'STOPPED'];

  Braid.FINAL = FINAL;
  Braid.esc = function (s) {
    return String(s === null || s === undefined ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  };
  Braid.time = function (t) { return t ? new Date(t).toLocaleString() : ''; };
  Braid.clock = function (t) { return t ? new Date(t).toLocaleTimeString() : ''; };
  Braid.duration = function (start, end) {
    if (!start) { return ''; }
    var ms = (end ? Date.parse(end) : Date.now()) - Date.parse(start);
    if (ms < 1000) { return ms + ' ms'; }
    var s = ms / 1000;
    return s < 60 ? s.toFixed(1) + ' s' : Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
  };
  Braid.badge = function (status) {
    return '<span class="badge s-' + Braid.esc(status) + '">' + Braid.esc(status) + '</span>';
  };

  function el(tag, attrs, html) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (html !== undefined) { e.innerHTML = html; }
    return e;
  }

  function progress(t) {
    var p = t.progress;
    if (!p) { return ''; }
    if (p.partitions !== undefined) { return p.partitionsEnded + '/' + p.partitions + ' partitions' + (p.failed ? ', ' + p.failed + ' failed' : ''); }
    if (p.read !== undefined) { return p.written + '/' + p.read + ' written' + (p.skipped ? ', ' + p.skipped + ' skipped' : ''); }
    return JSON.stringify(p);
  }

  function heartbeat(t) {
    if (t.status !== 'RUNNING' || !t.heartbeat) { return ''; }
    return Math.max(0, Math.round((Date.now() - Date.parse(t.heartbeat)) / 1000)) + ' s ago';
  }

  /** The graph the run executed with; older runs fall back to the workflow's current one. */
  function graphOf(run, workflow) {
    if (run.graph) { return run.graph; }
    if (workflow && workflow.graph) { return workflow.graph; }
    return { nodes: run.tasks.map(function (t) { return { id: t.id }; }), edges: [] };
  }

  /**
   * @param root     element to render into (emptied)
   * @param run      the run JSON (GET /api/runs/{id})
   * @param workflow the workflow JSON (GET /api/workflows/{name}) or null
   * @param opts     {canStart, live, onStop(), onRestart(), onCancel(task)}
   * @return {update(run), destroy()}
   */
  function render(root, run, workflow, opts) {
    opts = opts || {};
    root.innerHTML = '';
    var header = el('section', { 'class': 'run-header' });
    var cause = el('section', { id: 'root-cause-slot' });
    var graphBox = el('section', { 'class': 'panel' }, '<h3>Dependency graph</h3>');
    var graphEl = el('div', { id: 'graph', 'class': 'graph' });
    graphBox.appendChild(graphEl);
    var ganttBox = el('section', { 'class': 'panel' }, '<h3>Gantt chart <small>(click a fan-out task to show its partitions)</small></h3>');
    var ganttEl = el('div', { id: 'gantt', 'class': 'gantt' });
    ganttBox.appendChild(ganttEl);
    var tableBox = el('section', { 'class': 'panel' }, '<h3>Tasks <input id="task-filter" type="search" placeholder="filter tasks" aria-label="filter tasks"></h3>');
    var table = el('table', { id: 'tasks', 'class': 'grid' }, '<thead><tr><th>Task</th><th>Status</th><th>Start</th>'
      + '<th>Duration</th><th>Tries</th><th>Waiting for</th><th>Progress</th><th>Heartbeat</th><th>Error</th><th>Outputs</th>'
      + (opts.canStart ? '<th></th>' : '') + '</tr></thead>');
    var tbody = el('tbody');
    table.appendChild(tbody);
    tableBox.appendChild(table);
    var detail = el('section', { id: 'task-detail', 'class': 'panel hidden' });
    [header, cause, graphBox, ganttBox, tableBox, detail].forEach(function (e) { root.appendChild(e); });

    var current = run;
    var selected = null;
    var rows = {};
    var graph = Braid.Graph.create(graphEl, graphOf(run, workflow), select);
    var gantt = Braid.Gantt.create(ganttEl, select);
    var filter = tableBox.querySelector('#task-filter');
    filter.addEventListener('input', applyFilter);

    function select(id) {
      selected = id;
      graph.select(id);
      Object.keys(rows).forEach(function (k) { rows[k].tr.classList.toggle('selected', k === id); });
      showDetail();
    }

    function showDetail() {
      var t = selected && current.tasks.find(function (x) { return x.id === selected; });
      if (!t) { detail.classList.add('hidden'); return; }
      detail.classList.remove('hidden');
      var tries = (t.tries || []).map(function (y) {
        return '<tr><td>' + y.attempt + '</td><td>' + y.execution + '</td><td>' + Braid.badge(y.status) + '</td><td>'
          + Braid.esc(Braid.time(y.start)) + '</td><td>' + Braid.esc(Braid.duration(y.start, y.end)) + '</td><td class="err">'
          + Braid.esc(y.error || '') + '</td></tr>';
      }).join('');
      detail.innerHTML = '<h3>Task ' + Braid.esc(t.id) + ' ' + Braid.badge(t.status) + '</h3>'
        + (t.error ? '<pre class="err">' + Braid.esc(t.error) + '</pre>' : '')
        + (t.outputs ? '<h4>Outputs</h4><pre>' + Braid.esc(JSON.stringify(t.outputs, null, 2)) + '</pre>' : '')
        + '<h4>Tries</h4><table class="grid"><thead><tr><th>#</th><th>Execution</th><th>Status</th><th>Start</th><th>Duration</th><th>Error</th></tr></thead><tbody>'
        + tries + '</tbody></table>';
    }

    function applyFilter() {
      var q = filter.value.toLowerCase();
      Object.keys(rows).forEach(function (id) {
        var t = rows[id].task;
        rows[id].tr.classList.toggle('hidden', !!q && (id + ' ' + t.status + ' ' + (t.waitingFor || '')).toLowerCase().indexOf(q) < 0);
      });
    }

    function rowHtml(t) {
      var canCancel = opts.canStart && opts.live && ENDED_TASK.indexOf(t.status) < 0 && FINAL.indexOf(current.status) < 0;
      return '<td><a href="javascript:void 0" class="task-link">' + Braid.esc(t.id) + '</a></td><td>' + Braid.badge(t.status) + '</td><td>'
        + Braid.esc(Braid.clock(t.start)) + '</td><td>' + Braid.esc(Braid.duration(t.start, t.end)) + '</td><td>' + (t.attempts || 0)
        + '</td><td>' + Braid.esc(t.waitingFor || '') + '</td><td>' + Braid.esc(progress(t)) + '</td><td>' + Braid.esc(heartbeat(t))
        + '</td><td class="err">' + Braid.esc((t.error || '').slice(0, 160)) + '</td><td><code>'
        + Braid.esc(t.outputs ? JSON.stringify(t.outputs).slice(0, 120) : '') + '</code></td>'
        + (opts.canStart ? '<td>' + (canCancel ? '<button class="cancel-task small" data-task="' + Braid.esc(t.id) + '">Cancel</button>' : '') + '</td>' : '');
    }

    function updateTable() {
      current.tasks.forEach(function (t) {
        var html = rowHtml(t);
        var r = rows[t.id];
        if (!r) {
          var tr = el('tr', { 'data-task': t.id });
          tbody.appendChild(tr);
          tr.addEventListener('click', function (e) {
            if (e.target.classList.contains('cancel-task')) {
              if (opts.onCancel) { opts.onCancel(e.target.getAttribute('data-task')); }
            } else {
              select(t.id);
            }
          });
          r = rows[t.id] = { tr: tr, html: null, task: t };
        }
        r.task = t;
        r.tr.setAttribute('data-status', t.status);
        if (r.html !== html) { // only changed rows touch the DOM
          r.tr.innerHTML = html;
          r.html = html;
        }
      });
      applyFilter();
    }

    function updateHeader() {
      var r = current;
      var done = r.tasks.filter(function (t) { return t.status === 'COMPLETED'; }).length;
      var s = r.summary || {};
      var active = FINAL.indexOf(r.status) < 0;
      header.innerHTML = '<h2>Run ' + r.id + ' · ' + Braid.esc(r.workflow) + ' <span id="run-status" class="badge s-' + Braid.esc(r.status) + '">'
        + Braid.esc(r.status) + '</span></h2><dl class="figures">'
        + '<div><dt>Started</dt><dd>' + Braid.esc(Braid.time(r.start || r.created)) + '</dd></div>'
        + '<div><dt>Duration</dt><dd>' + Braid.esc(Braid.duration(r.start, r.end)) + '</dd></div>'
        + '<div><dt>Tasks done</dt><dd>' + done + ' / ' + r.tasks.length + '</dd></div>'
        + '<div><dt>Speedup vs sequential</dt><dd title="sum of task durations ÷ wall time">' + (s.speedup ? s.speedup.toFixed(2) + '×' : '–') + '</dd></div>'
        + '<div><dt>Executions</dt><dd>' + r.executions + '</dd></div></dl>'
        + (r.reason ? '<p id="run-reason" class="run-reason">' + Braid.esc(r.reason) + '</p>' : '')
        + (opts.live ? '<div class="actions">'
          + (opts.canStart && active ? '<button id="stop-run">Stop</button>' : '')
          + (opts.canStart && (r.status === 'FAILED' || r.status === 'STOPPED') ? '<button id="restart-run">Restart</button>' : '')
          + '<a class="button secondary" href="api/runs/' + r.id + '/report" download="braid-run-' + r.id + '.html">Report</a></div>' : '');
      var stop = header.querySelector('#stop-run');
      if (stop) { stop.addEventListener('click', function () { opts.onStop(); }); }
      var restart = header.querySelector('#restart-run');
      if (restart) { restart.addEventListener('click', function () { opts.onRestart(); }); }
      cause.innerHTML = r.rootCause ? '<div id="root-cause" class="root-cause"><strong>Root cause:</strong> task <button type="button" class="linklike" id="root-cause-task">'
        + Braid.esc(r.rootCause.task) + '</button> failed' + (r.rootCause.error ? ': <code>' + Braid.esc(r.rootCause.error) + '</code>' : '')
        + (r.rootCause.skipped && r.rootCause.skipped.length ? '<br>Skipped because of it: ' + Braid.esc(r.rootCause.skipped.join(', ')) : '')
        + (r.rootCause.otherFailures && r.rootCause.otherFailures.length ? '<br>Other failures: ' + Braid.esc(r.rootCause.otherFailures.join(', ')) : '')
        + '</div>' : '';
      var link = cause.querySelector('#root-cause-task');
      if (link) { link.addEventListener('click', function () { select(r.rootCause.task); }); }
    }

    function update(next) {
      current = next;
      updateHeader();
      graph.update(next.tasks, next.rootCause);
      gantt.update(next);
      updateTable();
      if (selected) { showDetail(); }
    }

    update(run);
    return { update: update, destroy: function () { graph.destroy(); gantt.destroy(); } };
  }

  Braid.RunView = { render: render };
})(window.Braid = window.Braid || {});
