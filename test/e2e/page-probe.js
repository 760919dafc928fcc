// Runs inside the playground page (injected by test/e2e/playground.ts before the page's own scripts).
// Plain browser JavaScript: the project's TypeScript has no DOM types, so the code that reads the DOM lives
// here and the tests call it by name: window.__netops.seen / readCard(el) / layout().
(function () {
  'use strict';
  var seen = [];

  // Every text a bot message showed, oldest first, including cards replaced a moment later (the "working…"
  // acknowledgement that the result card overwrites).
  function record() {
    document.querySelectorAll('#transcript .msg.bot').forEach(function (el) {
      var t = el.innerText.trim();
      if (t && seen.indexOf(t) < 0) seen.push(t);
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    var transcript = document.getElementById('transcript');
    if (transcript) new MutationObserver(record).observe(transcript, { childList: true, subtree: true, characterData: true });
  });

  function cellsOf(row) {
    return Array.from(row.children)
      .filter(function (c) { var r = c.getAttribute('role'); return r === 'cell' || r === 'columnheader'; })
      .map(function (c) { return c.innerText.trim(); });
  }

  /** What a card shows: displayed text, tables (rows of cell texts, header first), buttons. */
  function readCard(card) {
    return {
      text: card.innerText,
      tables: Array.from(card.querySelectorAll('[role=table]')).map(function (t) {
        return Array.from(t.children).filter(function (r) { return r.getAttribute('role') === 'row'; }).map(cellsOf);
      }),
      buttons: Array.from(card.querySelectorAll('button.ac-pushButton')).map(function (b) {
        return { title: b.title || b.innerText.trim(), visible: b.getClientRects().length > 0 };
      }),
    };
  }

  function short(s) { return s.length > 40 ? s.slice(0, 40) + '…' : s; }

  // IPv4 (with a prefix length or port), IPv6 (two colons or more), MAC addresses (colons, hyphens, Cisco dots):
  // the same pattern as test/render/actions.test.ts.
  var ADDRESS = /^\[?(\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?(\]?:\d+)?|[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}(\/\d{1,3})?\]?(:\d+)?|([0-9a-f]{2}[:-]){5}[0-9a-f]{2}|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})$/i;

  /** On how many lines the characters start..end of a text node are drawn. */
  function linesOf(node, start, end) {
    var range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, end);
    var tops = {};
    Array.from(range.getClientRects()).forEach(function (r) { if (r.width > 0) tops[Math.round(r.top)] = true; });
    return Object.keys(tops).length;
  }

  /** Addresses, prefixes and MAC addresses anywhere in `root`'s visible text that are split across lines. */
  function brokenAddresses(root) {
    var out = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var text = node.textContent || '';
      var re = /\S+/g;
      var m;
      while ((m = re.exec(text))) {
        var lead = /^[(\[“「]*/.exec(m[0])[0].replace('[', '').length;
        var token = m[0].slice(lead).replace(/[,;.)\]”」]+$/, function (tail) { return /^\]/.test(tail) && /^\[/.test(m[0]) ? tail : ''; });
        if (!ADDRESS.test(token)) continue;
        if (linesOf(node, m.index + lead, m.index + lead + token.length) > 1) out.push(token);
      }
    }
    return out;
  }

  /** Buttons the renderer draws for its overflow menu ("..."; mode: secondary, or more than maxActions). */
  function overflowButtons(root) {
    return Array.from(root.querySelectorAll('button, [role=button]'))
      .filter(function (b) { return /^(\.{1,3}|…)$/.test((b.innerText || '').trim()) || b.title === 'More options' || b.getAttribute('aria-label') === 'More options'; })
      .map(function (b) { return b.outerHTML.slice(0, 80); });
  }

  /** Visible buttons whose label the renderer cut short (its title element overflows). */
  function cutLabels(root) {
    return Array.from(root.querySelectorAll('button.ac-pushButton'))
      .filter(function (b) { return b.getClientRects().length > 0; })
      .filter(function (b) { return Array.from(b.querySelectorAll('*')).some(function (el) { return el.scrollWidth > el.clientWidth + 1; }); })
      .map(function (b) { return b.title || b.innerText.trim(); });
  }

  var hostConfigLoaded = null;
  /**
   * Renders Adaptive Card JSON as the playground does (app.js: the same bundle, host config and page styles) into
   * a new bot message with id `id` at the end of the transcript.
   */
  function showCard(json, id) {
    hostConfigLoaded = hostConfigLoaded || fetch('/playground/hostconfig.json').then(function (r) { return r.json(); });
    return hostConfigLoaded.then(function (config) {
      var card = new AdaptiveCards.AdaptiveCard();
      card.hostConfig = new AdaptiveCards.HostConfig(config);
      card.onExecuteAction = function () {};
      card.parse(json);
      var wrap = document.createElement('div');
      wrap.className = 'msg bot';
      wrap.id = id;
      var holder = document.createElement('div');
      holder.className = 'card';
      holder.appendChild(card.render());
      wrap.appendChild(holder);
      document.getElementById('transcript').appendChild(wrap);
    });
  }

  /**
   * What the reader of one rendered card meets: the buttons of its action bar (labels cut short, overflow
   * buttons), addresses broken across lines, the first block, the height of the echo of the request.
   * `opts.more`: the title of its "More …" button, clicked open first; `opts.echo`: the echo's text.
   */
  function measureCard(el, opts) {
    opts = opts || {};
    var card = el.querySelector('.ac-adaptiveCard') || el;
    var top = card.getBoundingClientRect().top;
    var moreButtons = [];
    if (opts.more) {
      var more = Array.from(card.querySelectorAll('button.ac-pushButton')).find(function (b) { return (b.innerText || '').trim() === opts.more; });
      if (more) {
        more.click();
        var inner = card.querySelectorAll('.ac-adaptiveCard .ac-adaptiveCard');
        inner.forEach(function (c) {
          c.querySelectorAll('button.ac-pushButton').forEach(function (b) { if (b.getClientRects().length > 0) moreButtons.push((b.innerText || '').trim()); });
        });
      }
    }
    var bar = Array.from(card.children).filter(function (c) { return c.querySelector && c.querySelector(':scope button.ac-pushButton'); }).pop();
    var barButtons = bar ? Array.from(bar.querySelectorAll('button.ac-pushButton')).filter(function (b) { return !b.closest('.ac-adaptiveCard .ac-adaptiveCard') || b.closest('.ac-adaptiveCard .ac-adaptiveCard') === card; }) : [];
    var first = Array.from(card.children).find(function (c) { return c.getClientRects().length > 0 && (c.innerText || '').trim() !== ''; });
    var echoLines = null;
    if (opts.echo) {
      var walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        if ((node.textContent || '') === opts.echo) { echoLines = linesOf(node, 0, node.textContent.length); break; }
      }
    }
    return {
      width: Math.round(el.getBoundingClientRect().width),
      height: Math.round(el.getBoundingClientRect().height),
      wider: card.scrollWidth > card.clientWidth + 1,
      cutLabels: cutLabels(card),
      overflowButtons: overflowButtons(card),
      moreButtons: moreButtons,
      brokenAddresses: brokenAddresses(card),
      firstText: first ? (first.innerText || '').trim().split('\n')[0] : '',
      firstTop: first ? Math.round(first.getBoundingClientRect().top - top) : null,
      echoLines: echoLines,
      barCount: barButtons.length,
    };
  }

  /**
   * problems: the page, the transcript or a card wider than its box; a table cell without size, outside its
   * card, or whose text is not drawn, runs outside it or is clipped.
   * cards: per card, the narrowest cell content width, ASCII words split over two lines, button labels cut.
   */
  function layout() {
    var problems = [];
    function sideways(el, what) {
      if (el && el.scrollWidth > el.clientWidth + 1) {
        problems.push(what + ' is wider than its box: scrollWidth ' + el.scrollWidth + ' > clientWidth ' + el.clientWidth);
      }
    }
    sideways(document.documentElement, 'the page');
    sideways(document.body, 'the body');
    sideways(document.getElementById('transcript'), 'the transcript');
    var cards = [];
    document.querySelectorAll('#transcript .card').forEach(function (card, index) {
      var title = short(card.innerText.split('\n')[0] || '');
      var label = 'card ' + index + ' ("' + title + '")';
      sideways(card, label);
      card.querySelectorAll('.ac-adaptiveCard').forEach(function (inner) { sideways(inner, label + ', its Adaptive Card'); });
      var cardBox = card.getBoundingClientRect();
      var minCell = null;
      var brokenWords = [];
      card.querySelectorAll('[role=table]').forEach(function (table) {
        if (table.getClientRects().length === 0) return; // inside a hidden container
        sideways(table, label + ', a table');
        table.querySelectorAll('[role=cell], [role=columnheader]').forEach(function (cell) {
          var box = cell.getBoundingClientRect();
          var cellText = short(cell.innerText.trim());
          if (box.width <= 0 || box.height <= 0) {
            problems.push(label + ': table cell "' + cellText + '" has no size (' + box.width + 'x' + box.height + ')');
            return;
          }
          if (box.left < cardBox.left - 1 || box.right > cardBox.right + 1) problems.push(label + ': table cell "' + cellText + '" sticks out of the card');
          var cs = getComputedStyle(cell);
          var content = box.width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - parseFloat(cs.borderLeftWidth) - parseFloat(cs.borderRightWidth);
          minCell = minCell === null ? content : Math.min(minCell, content);
          // Elements that clip (overflow hidden) must not be hiding part of their text.
          [cell].concat(Array.from(cell.querySelectorAll('*'))).forEach(function (el) {
            var s = getComputedStyle(el);
            if ((s.overflowX === 'hidden' || s.overflowX === 'clip') && el.scrollWidth > el.clientWidth + 1) {
              problems.push(label + ': text in cell "' + cellText + '" is clipped (' + el.scrollWidth + ' > ' + el.clientWidth + ' px)');
            }
          });
          var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          for (var node = walker.nextNode(); node; node = walker.nextNode()) {
            var text = node.textContent || '';
            if (!text.trim()) continue;
            var range = document.createRange();
            range.selectNodeContents(node);
            var rects = Array.from(range.getClientRects()).filter(function (r) { return r.width > 0 && r.height > 0; });
            if (rects.length === 0) problems.push(label + ': text "' + short(text.trim()) + '" in a table cell is not drawn');
            rects.forEach(function (r) {
              if (r.left < box.left - 1 || r.right > box.right + 1) problems.push(label + ': text "' + short(text.trim()) + '" runs outside its cell');
            });
            // ASCII words (names, numbers, states) split over two lines because the column is too narrow; a
            // break after a hyphen is an ordinary line break, so hyphens end a word here.
            var re = /[\x21-\x2c\x2e-\x7e]{2,}/g;
            var m;
            while ((m = re.exec(text))) {
              var word = document.createRange();
              word.setStart(node, m.index);
              word.setEnd(node, m.index + m[0].length);
              var lines = {};
              Array.from(word.getClientRects()).forEach(function (r) { if (r.width > 0) lines[Math.round(r.top)] = true; });
              if (Object.keys(lines).length > 1) brokenWords.push(m[0]);
            }
          }
        });
      });
      // Button labels the renderer cut short with an ellipsis.
      var cut = cutLabels(card);
      cards.push({
        index: index,
        title: title,
        width: Math.round(cardBox.width),
        minCellContentWidth: minCell === null ? null : Math.round(minCell),
        brokenWords: brokenWords,
        cutLabels: cut,
        brokenAddresses: brokenAddresses(card),
        overflowButtons: overflowButtons(card),
      });
    });
    return { problems: problems, cards: cards };
  }

  window.__netops = { seen: seen, readCard: readCard, layout: layout, showCard: showCard, measureCard: measureCard };
})();
