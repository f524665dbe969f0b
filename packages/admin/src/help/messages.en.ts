import type { ru } from './messages';

/** The module's English strings, loaded when the panel switches to English. */
export const en: typeof ru = {
  support: {
    help: {
      fields: {
        title: 'Title',
        body: 'Article text',
        tags: 'Keywords',
        category: 'Category',
        published: 'Published',
        updatedAt: 'Updated',
      },
      helper: {
        body: 'Plain text: customers see it as it is, with its line breaks. No markup.',
        tags: 'Words customers search for (in search and in the chat bot). Type a word and press Enter.',
        published: 'A draft is hidden from customers and from search.',
      },
      filters: {
        q: 'Search titles and keywords',
        published: 'Status',
      },
      status: { published: 'Published', draft: 'Draft' },
      no_category: 'No category',
      title_edit: 'Article “%{title}”',
      saved: 'Article saved',
      preview: {
        title: 'What the customer sees',
        draft: 'Draft: customers do not see this article.',
        app_header: 'Help',
        empty_title: 'Article title',
        empty_body: 'The article text will appear here.',
        bot: 'In the chat, the bot suggests it like this:',
        bot_intro: 'This article may help:',
      },
      search: {
        title: 'Search check',
        hint: 'How customers find articles (published ones, any word form). Checks the saved text.',
        query: 'Customer question',
        run: 'Search',
        none: 'Nothing found.',
        this_article: 'this article',
        rank: 'relevance %{rank}',
      },
    },
  },
  resources: {
    help: {
      name: 'Help article |||| Help articles',
      new: 'New help article',
      fields: {
        title: 'Title',
        tags: 'Keywords',
        published: 'Published',
        updatedAt: 'Updated',
      },
    },
  },
};
