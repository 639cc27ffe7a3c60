// The Insights chart, drawn by Chart.js (the pinned UMD build the console route serves from
// node_modules defines `window.Chart`): spend per day as bars on the left axis in the ad
// account's currency, conversions per day as a line on the right axis. The datasets hold the
// API's values as they came (spend as Meta's decimal strings; Chart.js reads a number from
// each only to place the bar), so the tooltip shows Meta's exact digits and a test can read
// the chart's data back: `Chart.getChart('insights-chart').data`.
import { formatDecimal } from './console-money.js';

const SPEND_COLOUR = '#4c7bd9';
const CONVERSIONS_COLOUR = '#d9822b';

/** An axis tick as money: whole ticks without decimals ("£50"), finer ones with the currency's. */
function axisMoney(value, currency) {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: 0,
    maximumFractionDigits: Number.isInteger(value) ? 0 : 2,
  }).format(value);
}

function chartOptions(currency) {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'index', intersect: false },
    scales: {
      spend: {
        type: 'linear',
        position: 'left',
        beginAtZero: true,
        title: { display: true, text: `Spend (${currency})` },
        ticks: { callback: (value) => axisMoney(value, currency) },
      },
      conversions: {
        type: 'linear',
        position: 'right',
        beginAtZero: true,
        title: { display: true, text: 'Conversions' },
        ticks: { precision: 0 },
        grid: { drawOnChartArea: false },
      },
    },
    plugins: {
      tooltip: {
        callbacks: {
          label: (context) =>
            context.dataset.yAxisID === 'spend'
              ? `Spend ${context.raw === null ? '—' : formatDecimal(context.raw, currency)}`
              : `Conversions ${context.raw ?? '—'}`,
        },
      },
    },
  };
}

/**
 * Draws (or redraws) the chart on `canvas`.
 * @param series `{days, spend, conversions, currency}`: one entry per day, `null` where the
 *   store has no row for that day (a gap, not a zero).
 */
export function drawInsightsChart(canvas, series) {
  const ChartJs = window.Chart;
  if (!ChartJs) throw new Error('Chart.js did not load (/console/vendor/chart.umd.min.js)');
  const data = {
    labels: series.days,
    datasets: [
      {
        type: 'bar',
        label: `Spend (${series.currency})`,
        data: series.spend,
        yAxisID: 'spend',
        backgroundColor: SPEND_COLOUR,
        order: 2,
      },
      {
        type: 'line',
        label: 'Conversions',
        data: series.conversions,
        yAxisID: 'conversions',
        borderColor: CONVERSIONS_COLOUR,
        backgroundColor: CONVERSIONS_COLOUR,
        tension: 0.2,
        spanGaps: false,
        order: 1,
      },
    ],
  };
  const existing = ChartJs.getChart(canvas);
  if (existing) {
    existing.data = data;
    existing.options = chartOptions(series.currency);
    existing.update();
    return existing;
  }
  return new ChartJs(canvas, { type: 'bar', data, options: chartOptions(series.currency) });
}
