/** Names and units of the API's nutrient keys (API.md), in the order a nutrition label lists them. */
export interface NutrientInfo {
  key: string;
  label: string;
  unit: string;
}

const NUTRIENTS: NutrientInfo[] = [
  { key: 'energy_kcal', label: 'Energy', unit: 'kcal' },
  { key: 'protein_g', label: 'Protein', unit: 'g' },
  { key: 'fat_g', label: 'Fat', unit: 'g' },
  { key: 'saturated_fat_g', label: 'Saturated fat', unit: 'g' },
  { key: 'monounsaturated_fat_g', label: 'Monounsaturated fat', unit: 'g' },
  { key: 'polyunsaturated_fat_g', label: 'Polyunsaturated fat', unit: 'g' },
  { key: 'trans_fat_g', label: 'Trans fat', unit: 'g' },
  { key: 'omega3_g', label: 'Omega-3', unit: 'g' },
  { key: 'omega6_g', label: 'Omega-6', unit: 'g' },
  { key: 'cholesterol_mg', label: 'Cholesterol', unit: 'mg' },
  { key: 'carbs_g', label: 'Carbohydrate', unit: 'g' },
  { key: 'fiber_g', label: 'Fibre', unit: 'g' },
  { key: 'sugars_g', label: 'Sugars', unit: 'g' },
  { key: 'starch_g', label: 'Starch', unit: 'g' },
  { key: 'water_g', label: 'Water', unit: 'g' },
  { key: 'alcohol_g', label: 'Alcohol', unit: 'g' },
  { key: 'caffeine_mg', label: 'Caffeine', unit: 'mg' },
  { key: 'calcium_mg', label: 'Calcium', unit: 'mg' },
  { key: 'iron_mg', label: 'Iron', unit: 'mg' },
  { key: 'magnesium_mg', label: 'Magnesium', unit: 'mg' },
  { key: 'phosphorus_mg', label: 'Phosphorus', unit: 'mg' },
  { key: 'potassium_mg', label: 'Potassium', unit: 'mg' },
  { key: 'sodium_mg', label: 'Sodium', unit: 'mg' },
  { key: 'zinc_mg', label: 'Zinc', unit: 'mg' },
  { key: 'copper_mg', label: 'Copper', unit: 'mg' },
  { key: 'manganese_mg', label: 'Manganese', unit: 'mg' },
  { key: 'selenium_ug', label: 'Selenium', unit: 'µg' },
  { key: 'vitamin_a_rae_ug', label: 'Vitamin A (RAE)', unit: 'µg' },
  { key: 'retinol_ug', label: 'Retinol', unit: 'µg' },
  { key: 'beta_carotene_ug', label: 'Beta-carotene', unit: 'µg' },
  { key: 'vitamin_c_mg', label: 'Vitamin C', unit: 'mg' },
  { key: 'vitamin_d_ug', label: 'Vitamin D', unit: 'µg' },
  { key: 'vitamin_e_mg', label: 'Vitamin E', unit: 'mg' },
  { key: 'vitamin_k_ug', label: 'Vitamin K', unit: 'µg' },
  { key: 'thiamin_mg', label: 'Thiamin (B1)', unit: 'mg' },
  { key: 'riboflavin_mg', label: 'Riboflavin (B2)', unit: 'mg' },
  { key: 'niacin_mg', label: 'Niacin (B3)', unit: 'mg' },
  { key: 'pantothenic_acid_mg', label: 'Pantothenic acid (B5)', unit: 'mg' },
  { key: 'vitamin_b6_mg', label: 'Vitamin B6', unit: 'mg' },
  { key: 'folate_ug', label: 'Folate', unit: 'µg' },
  { key: 'vitamin_b12_ug', label: 'Vitamin B12', unit: 'µg' },
  { key: 'choline_mg', label: 'Choline', unit: 'mg' },
];

const BY_KEY = new Map(NUTRIENTS.map((info) => [info.key, info]));

export const NUTRIENT_ORDER: readonly string[] = NUTRIENTS.map((info) => info.key);

/** The label and unit for a key; unknown keys (added by the API later) get a readable fallback. */
export function nutrientInfo(key: string): NutrientInfo {
  const known = BY_KEY.get(key);
  if (known) return known;
  const match = /^(.*)_(g|mg|ug|kcal)$/.exec(key);
  const base = match ? match[1] : key;
  const unit = match ? (match[2] === 'ug' ? 'µg' : match[2]) : '';
  return { key, label: base.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), unit };
}

/** Sort nutrient keys into label order, unknown keys last. */
export function sortNutrientKeys(keys: Iterable<string>): string[] {
  const rank = (key: string) => {
    const index = NUTRIENT_ORDER.indexOf(key);
    return index === -1 ? NUTRIENT_ORDER.length : index;
  };
  return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** An amount with sensible precision: whole numbers from 10 up, one decimal below, two under 1. */
export function formatAmount(value: number | null | undefined, unit = ''): string {
  if (value == null || Number.isNaN(value)) return '–';
  const abs = Math.abs(value);
  const text = value === 0 ? '0' : abs >= 10 ? Math.round(value).toString() : abs >= 1 ? value.toFixed(1) : value.toFixed(2);
  return unit ? `${text} ${unit}` : text;
}
