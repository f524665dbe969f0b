import type { ModuleMessages } from '../modules';

const ru = {
  support: {
    help: {
      fields: {
        title: 'Заголовок',
        body: 'Текст статьи',
        tags: 'Ключевые слова',
        category: 'Категория',
        published: 'Опубликована',
        updatedAt: 'Изменена',
      },
      helper: {
        body: 'Обычный текст: клиент видит его как есть, с переносами строк. Разметка не поддерживается.',
        tags: 'Слова, по которым клиенты ищут статью (в поиске и в чате с ботом). Введите слово и нажмите Enter.',
        published: 'Черновик не виден клиентам и не попадает в поиск.',
      },
      filters: {
        q: 'Поиск по заголовку и ключевым словам',
        published: 'Статус',
      },
      status: { published: 'Опубликована', draft: 'Черновик' },
      no_category: 'Без категории',
      title_edit: 'Статья «%{title}»',
      saved: 'Статья сохранена',
      preview: {
        title: 'Как увидит клиент',
        draft: 'Черновик: клиенты не видят эту статью.',
        app_header: 'Помощь',
        empty_title: 'Заголовок статьи',
        empty_body: 'Здесь появится текст статьи.',
        bot: 'В чате бот предложит так:',
        bot_intro: 'Возможно, вам поможет статья:',
      },
      search: {
        title: 'Проверка поиска',
        hint: 'Так статьи находит клиент (поиск по опубликованным, с учётом словоформ). Проверяет сохранённый текст.',
        query: 'Вопрос клиента',
        run: 'Найти',
        none: 'Ничего не найдено.',
        this_article: 'эта статья',
        rank: 'релевантность %{rank}',
      },
      errors: {
        BAD_USER_INPUT: 'Проверьте поля статьи: %{detail}',
        FORBIDDEN: 'Править статьи могут только старшие агенты и администраторы.',
        NOT_FOUND: 'Статья не найдена: возможно, её удалили.',
        NETWORK_ERROR: 'Нет связи с сервером. Проверьте подключение и повторите.',
        unknown: 'Не удалось выполнить действие: %{detail}',
      },
    },
  },
  resources: {
    help: {
      name: 'Статья помощи |||| Статьи помощи',
      fields: {
        title: 'Заголовок',
        tags: 'Ключевые слова',
        published: 'Опубликована',
        updatedAt: 'Изменена',
      },
    },
  },
};

const en: typeof ru = {
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
      errors: {
        BAD_USER_INPUT: 'Check the article: %{detail}',
        FORBIDDEN: 'Only senior agents and admins may edit articles.',
        NOT_FOUND: 'The article was not found: it may have been removed.',
        NETWORK_ERROR: 'The server cannot be reached. Check the connection and try again.',
        unknown: 'The action failed: %{detail}',
      },
    },
  },
  resources: {
    help: {
      name: 'Help article |||| Help articles',
      fields: {
        title: 'Title',
        tags: 'Keywords',
        published: 'Published',
        updatedAt: 'Updated',
      },
    },
  },
};

export const messages: ModuleMessages<typeof ru> = { ru, en };
