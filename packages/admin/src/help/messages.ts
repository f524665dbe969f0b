/** The module's Russian strings (the panel's default language; English loads on demand from messages.en.ts). */
export const ru = {
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
    },
  },
  resources: {
    help: {
      name: 'Статья помощи |||| Статьи помощи',
      /** The create page's title, in the right grammatical form (not «Создать Статья помощи»). */
      new: 'Новая статья помощи',
      fields: {
        title: 'Заголовок',
        tags: 'Ключевые слова',
        published: 'Опубликована',
        updatedAt: 'Изменена',
      },
    },
  },
};
