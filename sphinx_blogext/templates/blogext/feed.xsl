<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shows an Atom or RSS feed of sphinx-blogext as a readable page when it is
  opened in a browser. Feed readers ignore it. XSLT 1.0, no scripts, no
  resources from elsewhere. A template of the extension: the build writes it
  with its words in the site's language.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes"
      doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/atom:feed/atom:title | /rss/channel/title"/>
  <xsl:variable name="home"
      select="/atom:feed/atom:link[@rel='alternate']/@href | /rss/channel/link"/>
  <xsl:variable name="about" select="/atom:feed/atom:subtitle | /rss/channel/description"/>
  <xsl:variable name="language" select="/atom:feed/@xml:lang | /rss/channel/language"/>

  <xsl:template match="/">
    <html lang="{$language}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <title><xsl:value-of select="$title"/> ({{ _("web feed") }})</title>
        <style>
          :root { color-scheme: light dark; --fg: #1d1d1f; --bg: #fff; --muted: #555;
                  --accent: #0b57d0; --note: #eef3fc; --line: #d6d6d6; }
          @media (prefers-color-scheme: dark) {
            :root { --fg: #e8e8e8; --bg: #15171a; --muted: #b4b4b4;
                    --accent: #8ab4f8; --note: #1f2a3c; --line: #3a3d42; }
          }
          body { margin: 0; font: 1rem/1.6 system-ui, sans-serif; color: var(--fg);
                 background: var(--bg); }
          main { max-width: 42rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
          a { color: var(--accent); }
          a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
          .note { background: var(--note); border-radius: .5rem; padding: .75rem 1rem; }
          .note p { margin: .25rem 0; }
          code { overflow-wrap: anywhere; }
          ol { list-style: none; padding: 0; }
          li { border-top: 1px solid var(--line); padding: 1rem 0; }
          h2 { font-size: 1.15rem; margin: 0 0 .25rem; }
          .meta { color: var(--muted); font-size: .9rem; margin: 0; }
          .summary { margin: .5rem 0 0; }
        </style>
      </head>
      <body>
        <main>
          <div class="note" role="note">
            <p><strong>{{ _("This is a web feed.") }}</strong> {{ _("Copy its address into a feed reader to follow new posts:") }}</p>
            <p><code><xsl:value-of
                select="/atom:feed/atom:link[@rel='self']/@href | /rss/channel/atom:link[@rel='self']/@href"/></code></p>
          </div>
          <h1><xsl:value-of select="$title"/></h1>
          <xsl:if test="$about and string($about) != string($title)">
            <p><xsl:value-of select="$about"/></p>
          </xsl:if>
          <p><a href="{$home}">{{ _("Read it on the website") }}</a></p>
          <ol>
            <xsl:apply-templates select="/atom:feed/atom:entry | /rss/channel/item"/>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <h2><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
      <p class="meta">
        <time datetime="{atom:published}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time>
        <xsl:if test="atom:author"> · </xsl:if>
        <xsl:for-each select="atom:author">
          <xsl:if test="position() &gt; 1">, </xsl:if>
          <xsl:value-of select="atom:name"/>
        </xsl:for-each>
      </p>
      <xsl:if test="atom:summary">
        <p class="summary"><xsl:value-of select="atom:summary"/></p>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <h2><a href="{link}"><xsl:value-of select="title"/></a></h2>
      <p class="meta"><xsl:value-of select="pubDate"/></p>
      <xsl:if test="description">
        <p class="summary"><xsl:value-of select="description"/></p>
      </xsl:if>
    </li>
  </xsl:template>
</xsl:stylesheet>
