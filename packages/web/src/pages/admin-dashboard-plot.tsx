import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface PlotSeries {
  label: string;
  color: string;
  /** One value per time; null where nothing was measured. */
  values: (number | null)[];
}

const HEIGHT = 160;
/** Tick steps for counts: no half a meeting on the axis. */
const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

/**
 * One small time-series plot. uPlot draws on a canvas, so the figure's caption says in words
 * what the plot shows (the latest values) for screen readers.
 */
export function Plot(props: { title: string; summary: string; times: number[]; series: PlotSeries[]; format: (value: number) => string; whole?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const { times, series, format, whole } = props;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const plot = new uPlot(
      {
        width: element.clientWidth,
        height: HEIGHT,
        legend: { show: true },
        axes: [{}, { values: (_u, ticks) => ticks.map(format), size: 70, ...(whole ? { incrs: WHOLE_STEPS } : {}) }],
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, value: (_u: uPlot, v: number | null) => (v === null ? '—' : format(v)) }))],
      },
      // uPlot's times are in seconds.
      [times.map((at) => at / 1000), ...series.map((s) => s.values)],
      element,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, series, format, whole]);

  return (
    <figure class="plot" style={{ margin: 0, minWidth: 0 }}>
      <figcaption>
        <strong>{props.title}</strong> <span>{props.summary}</span>
      </figcaption>
      <div ref={box} aria-hidden="true" />
    </figure>
  );
}
