/** The recipe builder: name, servings, ingredients from food search with quantity and measure, live nutrition per serving. */
import { Button, Group, SimpleGrid, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ConfirmDeleteModal } from '../../../components/ConfirmDeleteModal';
import { ErrorState } from '../../../components/states';
import type { Recipe } from '../../../lib/catalogue';
import { usePreferences } from '../../../lib/preferences';
import { useCreateRecipe, useDeleteRecipe, useUpdateRecipe } from '../api/recipes';
import { useIngredientFoods } from '../hooks/useIngredientFoods';
import {
  emptyRecipeForm,
  formFromRecipe,
  formSignature,
  previewPerServing,
  toRecipeBody,
  validateRecipeForm,
  type RecipeForm,
  type RecipeFormErrors,
} from '../recipeForm';
import { IngredientsSection } from './IngredientsSection';
import { NutritionPanel } from './NutritionPanel';
import { RecipeBasicsFields, RecipeNotesFields } from './RecipeFields';

export function RecipeEditor({ recipe }: { recipe?: Recipe }) {
  const { units } = usePreferences();
  const navigate = useNavigate();
  const [form, setForm] = useState<RecipeForm>(() => (recipe ? formFromRecipe(recipe, units) : emptyRecipeForm()));
  const [baseline, setBaseline] = useState(() => (recipe ? formSignature(form) : null));
  const [saved, setSaved] = useState<Recipe | undefined>(recipe);
  const [errors, setErrors] = useState<RecipeFormErrors>({});
  const [confirmOpen, confirm] = useDisclosure(false);
  const create = useCreateRecipe();
  const update = useUpdateRecipe(recipe?.id ?? 0);
  const remove = useDeleteRecipe();
  const save = recipe ? update : create;

  const { foods, error: foodError } = useIngredientFoods(form.ingredients.map((row) => row.foodId));

  const dirty = baseline === null || formSignature(form) !== baseline;
  const preview = previewPerServing(form, foods);

  const update_ = (changes: Partial<RecipeForm>) => setForm((current) => ({ ...current, ...changes }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateRecipeForm(form);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const signature = formSignature(form);
    save.mutate(toRecipeBody(form), {
      onSuccess: (result) => {
        setSaved(result);
        setBaseline(signature);
        notifications.show({ color: 'brand', message: `${result.name} saved` });
        if (!recipe) navigate(`/recipes/${result.id}`, { replace: true });
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-label={recipe ? 'Edit recipe' : 'New recipe'}>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" style={{ alignItems: 'start' }}>
        <Stack gap="md">
          <RecipeBasicsFields form={form} errors={errors} update={update_} />
          <IngredientsSection form={form} errors={errors} update={update_} foods={foods} units={units} />
          <RecipeNotesFields form={form} update={update_} />
        </Stack>
        <Stack gap="md" style={{ position: 'sticky', top: 70 }}>
          <NutritionPanel preview={preview} saved={dirty ? undefined : saved} units={units} loadError={foodError} />
          {save.isError && <ErrorState error={save.error} title="The recipe was not saved" />}
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save recipe
            </Button>
            {recipe && (
              <Button variant="light" color="red" onClick={confirm.open}>
                Delete recipe
              </Button>
            )}
            <Button variant="default" onClick={() => navigate('/recipes')}>
              {dirty ? 'Cancel' : 'Back to recipes'}
            </Button>
          </Group>
        </Stack>
      </SimpleGrid>
      {recipe && (
        <ConfirmDeleteModal
          opened={confirmOpen}
          onClose={confirm.close}
          name={recipe.name}
          consequence="Meals already logged keep their nutrients; the recipe leaves your foods and future plans."
          error={remove.error}
          errorTitle="The recipe was not deleted"
          pending={remove.isPending}
          onConfirm={() => remove.mutate(recipe.id, { onSuccess: () => navigate('/recipes', { replace: true }) })}
        />
      )}
    </form>
  );
}
