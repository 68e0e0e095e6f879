/**
 * Where an imported recipe comes from: a web address, pasted text, or a saved page (an HTML file read in the
 * browser and sent as {html}). Answers the server's draft to review.
 */
import { Alert, Button, Group, Input, Stack, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ErrorState } from '../../../components/states';
import { ApiError } from '../../../lib/api';
import { importRecipe, type ImportSource as Source, type RecipeDraft } from '../api/recipes';

/** Saved recipe pages are far smaller; a bigger file is most likely not one. */
export const MAX_FILE_BYTES = 2_000_000;
const MAX_TEXT = 50_000;

type Tab = 'url' | 'text' | 'file';

/** The server refuses a URL import with 403 when it does not fetch pages (off unless enabled). */
export function urlFetchingDisabled(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 403 || /turned off|disabled|not enabled/i.test(error.message));
}

export function ImportSource({ onDraft }: { onDraft: (draft: RecipeDraft) => void }) {
  const [tab, setTab] = useState<Tab>('text');
  const [url, setUrl] = useState('');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const fileId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const run = useMutation({ mutationFn: (source: Source) => importRecipe(source), onSuccess: onDraft });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    run.reset();
    if (tab === 'url') {
      const address = url.trim();
      if (!/^https?:\/\/\S+\.\S+/i.test(address)) return setProblem('Enter the full address of the recipe page, starting with https://');
      run.mutate({ url: address });
    } else if (tab === 'text') {
      if (!text.trim()) return setProblem('Paste the recipe: its title, the ingredient lines and the steps.');
      if (text.length > MAX_TEXT) return setProblem(`At most ${MAX_TEXT.toLocaleString()} characters.`);
      run.mutate({ text });
    } else {
      if (!file) return setProblem('Choose the saved recipe page (an .html file).');
      if (file.size > MAX_FILE_BYTES) return setProblem('This file is larger than 2 MB: save only the page (“Webpage, HTML only”).');
      const html = await file.text();
      if (!/<html|<script|<body|<div|itemtype/i.test(html)) return setProblem('This file is not a web page: choose the .html file your browser saved.');
      run.mutate({ html });
    }
  }

  const disabledUrl = tab === 'url' && run.isError && urlFetchingDisabled(run.error);

  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Import a recipe" noValidate>
      <Stack gap="md">
        <Tabs value={tab} onChange={(value) => { setTab((value as Tab) ?? 'text'); setProblem(null); run.reset(); }} keepMounted={false}>
          <Tabs.List grow>
            <Tabs.Tab value="text" mih={44}>Paste text</Tabs.Tab>
            <Tabs.Tab value="url" mih={44}>From a web address</Tabs.Tab>
            <Tabs.Tab value="file" mih={44}>Upload a saved page</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="text" pt="sm">
            <Textarea
              label="Recipe text"
              description="The title on the first line, then the ingredients one per line, then the steps"
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
              rows={10}
              resize="vertical"
              data-autofocus
            />
          </Tabs.Panel>
          <Tabs.Panel value="url" pt="sm">
            <TextInput
              label="Recipe page address"
              type="url"
              inputMode="url"
              placeholder="https://example.com/recipes/lentil-soup"
              value={url}
              onChange={(event) => setUrl(event.currentTarget.value)}
              autoComplete="url"
            />
          </Tabs.Panel>
          <Tabs.Panel value="file" pt="sm">
            <Input.Wrapper
              label="Saved recipe page"
              description="In your browser: Save page as… “Webpage, HTML only”, then choose the file here. It is read on this device and sent as text."
              id={`${fileId}-wrapper`}
              labelProps={{ htmlFor: fileId }}
            >
              <input
                id={fileId}
                ref={fileInput}
                type="file"
                accept=".html,.htm,text/html,application/xhtml+xml"
                onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
                style={{ display: 'block', marginTop: 6, minHeight: 44 }}
              />
            </Input.Wrapper>
          </Tabs.Panel>
        </Tabs>
        {problem && (
          <Text size="sm" c="red.8" role="alert">
            {problem}
          </Text>
        )}
        {disabledUrl && (
          <Alert color="brand" title="This server does not fetch recipe pages" role="alert">
            <Stack gap="xs">
              <Text size="sm">
                Importing from a web address is turned off here. Open the recipe in your browser and either save the page
                and upload it, or copy the recipe and paste it as text.
              </Text>
              <Group gap="xs">
                <Button variant="light" mih={44} onClick={() => { setTab('file'); run.reset(); }}>
                  Upload a saved page
                </Button>
                <Button variant="light" mih={44} onClick={() => { setTab('text'); run.reset(); }}>
                  Paste text
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        {run.isError && !disabledUrl && <ErrorState error={run.error} title="The recipe could not be read" />}
        <Group>
          <Button type="submit" loading={run.isPending} mih={44}>
            Read the recipe
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
