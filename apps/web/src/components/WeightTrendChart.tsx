/** Weigh-ins as dots and the smoothed trend as a line, in the user's units. */
import { Text } from '@mantine/core';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDay } from '../lib/dates';
import { kgToLb, type Units } from '../lib/units';

export interface WeightPoint {
  date: string;
  weight_kg: number;
  trend_kg: number;
}

export function WeightTrendChart({ points, units, height = 220 }: { points: WeightPoint[]; units: Units; height?: number }) {
  const convert = (kg: number) => Math.round((units === 'imperial' ? kgToLb(kg) : kg) * 10) / 10;
  const unit = units === 'imperial' ? 'lb' : 'kg';
  const data = [...points]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((point) => ({ date: point.date, weight: convert(point.weight_kg), trend: convert(point.trend_kg) }));
  const latest = data[data.length - 1];
  const summary = latest
    ? `Weight trend chart: ${data.length} weigh-ins; latest ${latest.weight} ${unit}, trend ${latest.trend} ${unit}.`
    : 'Weight trend chart: no weigh-ins.';
  return (
    <figure style={{ margin: 0 }}>
      <div role="img" aria-label={summary} style={{ width: '100%', height }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="date" tickFormatter={formatDay} fontSize={12} minTickGap={24} />
            <YAxis domain={['dataMin - 1', 'dataMax + 1']} fontSize={12} allowDecimals={false} />
            <Tooltip labelFormatter={(label) => formatDay(String(label))} formatter={(value) => `${String(value)} ${unit}`} />
            <Line type="monotone" dataKey="weight" name="Weigh-in" stroke="#868e96" strokeWidth={0}
              // The dot inherits the line's zero stroke and a white fill: give it its own colour.
              dot={{ r: 3, fill: '#868e96', stroke: '#868e96', strokeWidth: 1 }} isAnimationActive={false} />
            <Line type="monotone" dataKey="trend" name="Trend" stroke="#0c8599" strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <Text component="figcaption" size="xs" c="dimmed">
        Dots: weigh-ins. Line: trend ({unit}).
      </Text>
    </figure>
  );
}
