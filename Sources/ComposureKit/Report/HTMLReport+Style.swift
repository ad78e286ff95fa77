/// The page's stylesheet: system fonts, calm colours, and a print layout without navigation.
///
/// Every text colour reaches WCAG AA contrast (4.5:1, 3:1 for large text) on the backgrounds it is used on:
/// `--faint`, `--good`, `--middling` and `--poor` are the darkest tones of their hues that still read as
/// them; chart fills are in ``ReportChart/Palette``, and text drawn on a fill takes ``ReportChart/Palette/ink(on:)``.
/// `HTMLReportRenderingTests` measures the contrast of every text in Chromium. Print: any page size (A4 and
/// Letter are checked), headings kept with what follows them, cards and figures not split where avoidable.
extension HTMLReport {
    static let styleSheet = """
        :root {
          --ink: #1f2a37; --muted: #5b6675; --faint: #667085; --line: #e3e7ed; --paper: #ffffff;
          --canvas: #f5f6f8; --accent: #3b6ea8; --good: #23775c; --middling: #8a5a0f; --poor: #a93d26;
          --good-soft: #e6f3ee; --poor-soft: #fbece8;
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body {
          margin: 0; background: var(--canvas); color: var(--ink);
          font: 15px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial,
            "Liberation Sans", sans-serif;
          font-variant-numeric: tabular-nums;
        }
        .page { max-width: 1100px; margin: 0 auto; padding: 32px 28px 48px; }
        .masthead { display: flex; flex-wrap: wrap; align-items: flex-end; justify-content: space-between;
          gap: 16px 32px; padding-bottom: 20px; border-bottom: 1px solid var(--line); }
        .brand { font-size: 12px; letter-spacing: .14em; text-transform: uppercase; color: var(--accent);
          font-weight: 700; }
        h1 { font-size: 30px; line-height: 1.2; margin: 4px 0 6px; font-weight: 650; letter-spacing: -.01em; }
        h2 { font-size: 21px; margin: 40px 0 4px; font-weight: 650; }
        h3 { font-size: 18px; margin: 0; font-weight: 650; }
        h4 { font-size: 13px; margin: 22px 0 8px; color: var(--muted); text-transform: uppercase;
          letter-spacing: .08em; font-weight: 650; }
        .meta { margin: 0; color: var(--muted); font-size: 14px; }
        .lede { margin: 0 0 16px; color: var(--muted); font-size: 14px; }
        .kpis { display: flex; flex-wrap: wrap; gap: 10px; margin: 0; }
        .kpis div { background: var(--paper); border: 1px solid var(--line); border-radius: 10px;
          padding: 8px 16px; min-width: 104px; }
        .kpis dt { font-size: 12px; color: var(--muted); }
        .kpis dd { margin: 0; font-size: 22px; font-weight: 650; }
        nav.toc { margin: 14px 0 0; font-size: 14px; display: flex; gap: 18px; flex-wrap: wrap; }
        nav.toc a { color: var(--accent); text-decoration: none; }
        .card { background: var(--paper); border: 1px solid var(--line); border-radius: 14px;
          padding: 22px 24px; margin: 16px 0; box-shadow: 0 1px 2px rgba(31, 42, 55, .04); }
        .card-head { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between;
          gap: 8px 20px; margin-bottom: 12px; }
        .facts { display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0; list-style: none; }
        .facts li { background: var(--canvas); border-radius: 999px; padding: 2px 11px; font-size: 13px;
          color: var(--muted); }
        .facts strong { color: var(--ink); font-weight: 650; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 18px 28px; }
        figure { margin: 0; }
        figcaption { font-size: 13px; color: var(--muted); margin-bottom: 6px; }
        svg.chart { display: block; max-width: 100%; height: auto; overflow: visible; }
        svg .grid { stroke: var(--line); stroke-width: 1; }
        svg .baseline { stroke: #c9cfd8; stroke-width: 1; }
        svg .pass-mark { stroke: var(--good); stroke-width: 1.2; stroke-dasharray: 5 4; opacity: .8; }
        svg .pass-label { fill: var(--good); }
        svg .score-line { fill: none; stroke: var(--accent); stroke-width: 2.2; stroke-linejoin: round; }
        svg .area { fill: var(--accent); opacity: .08; }
        svg .dot { stroke: #ffffff; stroke-width: 1.5; }
        svg text { font-family: inherit; }
        svg .label { font-size: 13px; fill: var(--ink); }
        svg .axis { font-size: 11.5px; fill: var(--muted); }
        svg .value { font-size: 12.5px; fill: var(--ink); font-weight: 650; }
        svg .cell { font-size: 12.5px; font-weight: 650; }
        svg .up { fill: var(--good); } svg .down { fill: var(--poor); } svg .flat { fill: var(--faint); }
        table { width: 100%; border-collapse: collapse; font-size: 14px; }
        th { text-align: left; font-size: 12px; color: var(--muted); font-weight: 600; text-transform: uppercase;
          letter-spacing: .06em; padding: 8px 10px; border-bottom: 1px solid var(--line); }
        td { padding: 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        tr:last-child td, tr:last-child th[scope=row] { border-bottom: none; }
        td.num, th.num { text-align: right; white-space: nowrap; }
        .quote { margin: 0; padding: 6px 10px; border-left: 3px solid var(--line); border-radius: 0 6px 6px 0;
          overflow-wrap: anywhere; }
        .quote.worst { border-color: var(--poor); background: var(--poor-soft); }
        .quote.best { border-color: var(--good); background: var(--good-soft); }
        .quote + .quote { margin-top: 6px; }
        .failure + .failure { margin-top: 12px; }
        .failure .quote { margin-top: 6px; }
        .source { display: block; font-size: 12px; color: var(--muted); margin-top: 2px; }
        .chip { display: inline-block; background: var(--canvas); border: 1px solid var(--line);
          border-radius: 6px; padding: 0 7px; margin: 1px 4px 1px 0; font-size: 12.5px;
          font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; }
        .score { font-weight: 700; }
        .score.good { color: var(--good); } .score.middling { color: var(--middling); }
        .score.poor { color: var(--poor); }
        .none { color: var(--faint); }
        .batch-state { margin: 10px 0 0; color: var(--poor); font-weight: 650; font-size: 14px; }
        details.figures { margin-top: 8px; font-size: 13px; }
        details.figures summary { color: var(--accent); cursor: pointer; }
        details.figures table { margin-top: 6px; font-size: 13px; }
        details.figures th, details.figures td { padding: 4px 8px; }
        caption { text-align: left; font-size: 13px; color: var(--muted); padding: 0 0 6px; }
        .summary table th[scope=row] { text-transform: none; letter-spacing: 0; font-size: 14px; color: var(--ink);
          font-weight: 650; border-bottom: 1px solid var(--line); }
        .summary table a { color: var(--accent); }
        details.figures th[scope=row] { text-transform: none; letter-spacing: 0; font-size: 13px;
          color: var(--ink); font-weight: 500; }
        .warning { background: var(--poor-soft); border-left: 3px solid var(--poor); padding: 10px 14px;
          border-radius: 0 8px 8px 0; white-space: pre-line; }
        ul.notes { margin: 0; padding-left: 20px; color: var(--muted); font-size: 14px; }
        table.score-raters { margin-top: 14px; }
        .scroll { overflow-x: auto; }
        .empty { color: var(--muted); background: var(--paper); border: 1px dashed var(--line);
          border-radius: 14px; padding: 28px; text-align: center; }
        footer { margin-top: 40px; color: var(--faint); font-size: 12px; text-align: center; }
        @media (max-width: 700px) {
          .page { padding: 20px 14px; }
          .charts { grid-template-columns: 1fr; }
        }
        @media print {
          /* No page size: A4 and Letter both fit a 186 mm column. */
          @page { size: auto; margin: 14mm 12mm; }
          body { background: #ffffff; font-size: 11pt; }
          .page { max-width: none; padding: 0; }
          nav.toc { display: none; }
          .card { box-shadow: none; border-color: #cfd5dd; padding: 16px 18px; }
          /* A heading never ends a page: it stays with what follows it. */
          h1, h2, h3, h4, .lede, .card-head, figcaption, caption, thead {
            break-after: avoid; page-break-after: avoid; }
          .card, tr, figure, .quote, .kpis, .card-head { break-inside: avoid; page-break-inside: avoid; }
          /* The charts print; their tables are for screens and screen readers. */
          details.figures { display: none; }
          /* One chart per row on paper, at the size it was drawn, so 11.5-unit labels stay legible. */
          .charts { grid-template-columns: 1fr; }
          svg.chart { max-width: 520px; }
          svg.heatmap, svg.outcomes { max-width: 100%; }
          .kpis div, .facts li, .chip { border: 1px solid #cfd5dd; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        """
}
