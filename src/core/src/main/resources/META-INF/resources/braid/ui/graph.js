/* Dependency graph of a workflow: dagre lays it out left to right once, cytoscape draws it (canvas, pan and
   zoom, fine for 500+ tasks); live updates only recolour nodes. */
(function (Braid) {
  'use strict';

  var COLORS = {
    PENDING: '#c9ced6', WAITING: '#f0b429', RUNNING: '#2f80ed', COMPLETED: '#27ae60', FAILED: '#d64545',
    SKIPPED: '#eceff3', CANCELLED: '#9b6bcc', STOPPED: '#d9822b', NONE: '#dfe4ea'
  };
  Braid.COLORS = COLORS;

  function layout(nodes, edges) {
    var g = new dagre.graphlib.Graph();
    // network-simplex ranks best but takes seconds beyond a few hundred tasks; tight-tree is about 3x faster there
    g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 46, marginx: 10, marginy: 10,
      ranker: nodes.length > 150 ? 'tight-tree' : 'network-simplex' });
    g.setDefaultEdgeLabel(function () { return {}; });
    nodes.forEach(function (n) { g.setNode(n.id, { width: Math.max(64, n.id.length * 7.2 + 24), height: 30 }); });
    edges.forEach(function (e) { if (g.hasNode(e.from) && g.hasNode(e.to)) { g.setEdge(e.from, e.to); } });
    dagre.layout(g);
    return g;
  }

  /**
   * @param container element to draw into
   * @param graph {nodes:[{id,type}], edges:[{from,to}]}
   * @param onSelect called with a task id when a node is clicked (optional)
   */
  function create(container, graph, onSelect) {
    var nodes = graph.nodes || [];
    var edges = graph.edges || [];
    var g = layout(nodes, edges);
    var elements = nodes.map(function (n) {
      var p = g.node(n.id);
      return { group: 'nodes', data: { id: n.id, label: n.id, type: n.type || '', status: 'NONE', w: p.width },
        position: { x: p.x, y: p.y } };
    });
    edges.forEach(function (e, i) {
      if (g.hasNode(e.from) && g.hasNode(e.to)) {
        elements.push({ group: 'edges', data: { id: 'e' + i, source: e.from, target: e.to } });
      }
    });
    var big = nodes.length > 150;
    // as tall as the graph needs at natural size, within limits (a 500-task graph is panned and zoomed)
    container.style.height = Math.round(Math.max(140, Math.min(big ? 620 : 420, g.graph().height * 1.1 + 40))) + 'px';
    var cy = cytoscape({
      container: container, elements: elements, layout: { name: 'preset' },
      minZoom: 0.05, maxZoom: 2.5, wheelSensitivity: 0.3, boxSelectionEnabled: false, autoungrabify: true,
      textureOnViewport: big, hideEdgesOnViewport: big, pixelRatio: big ? 1 : 'auto',
      style: [
        { selector: 'node', style: {
          shape: 'round-rectangle', width: 'data(w)', height: 30, label: 'data(label)', 'font-size': 11,
          'text-valign': 'center', 'text-halign': 'center', 'text-wrap': 'wrap', 'text-max-width': 220,
          color: '#1f2933', 'background-color': COLORS.NONE, 'border-width': 1, 'border-color': '#7b8794' } },
        { selector: 'node[status="WAITING"]', style: { 'background-color': COLORS.WAITING, height: 40, 'font-size': 10 } },
        { selector: 'node[status="PENDING"]', style: { 'background-color': COLORS.PENDING } },
        { selector: 'node[status="RUNNING"]', style: { 'background-color': COLORS.RUNNING, color: '#fff' } },
        { selector: 'node[status="COMPLETED"]', style: { 'background-color': COLORS.COMPLETED, color: '#fff' } },
        { selector: 'node[status="FAILED"]', style: { 'background-color': COLORS.FAILED, color: '#fff' } },
        { selector: 'node[status="SKIPPED"]', style: { 'background-color': COLORS.SKIPPED, 'border-style': 'dashed', color: '#7b8794' } },
        { selector: 'node[status="CANCELLED"]', style: { 'background-color': COLORS.CANCELLED, color: '#fff' } },
        { selector: 'node[status="STOPPED"]', style: { 'background-color': COLORS.STOPPED, color: '#fff' } },
        { selector: 'node.root-cause', style: { 'border-width': 4, 'border-color': '#7a0c0c' } },
        { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#102a43' } },
        { selector: 'edge', style: { width: 1.2, 'line-color': '#9aa5b1', 'target-arrow-color': '#9aa5b1',
          'target-arrow-shape': 'triangle', 'curve-style': big ? 'haystack' : 'bezier', 'arrow-scale': 0.8 } }
      ]
    });
    fit();
    if (onSelect) {
      cy.on('tap', 'node', function (evt) { onSelect(evt.target.id()); });
    }
    container.setAttribute('data-nodes', String(nodes.length));

    /** The whole graph in view, but small graphs not blown up. */
    function fit() {
      cy.fit(undefined, 16);
      if (cy.zoom() > 1.1) {
        cy.zoom(1.1);
        cy.center();
      }
    }

    return {
      /** Colours each task by its status; a waiting task shows why. */
      update: function (tasks, rootCause) {
        var drawn = {};
        cy.batch(function () {
          tasks.forEach(function (t) {
            var n = cy.getElementById(t.id);
            if (n.empty()) { return; }
            drawn[t.id] = t.status;
            n.data('status', t.status);
            n.data('label', t.status === 'WAITING' && t.waitingFor ? t.id + '\n(' + t.waitingFor + ')' : t.id);
            n.toggleClass('root-cause', !!rootCause && rootCause.task === t.id);
          });
        });
        container.setAttribute('data-statuses', JSON.stringify(drawn));
      },
      select: function (id) {
        cy.$(':selected').unselect();
        var n = cy.getElementById(id);
        if (!n.empty()) { n.select(); cy.animate({ center: { eles: n } }, { duration: 200 }); }
      },
      resize: function () { cy.resize(); fit(); },
      destroy: function () { cy.destroy(); }
    };
  }

  Braid.Graph = { create: create };
})(window.Braid = window.Braid || {});
