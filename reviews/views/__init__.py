"""Web views of the reviews app, one module per page family; what they share is in
``helpers``. Thin: forms in, a service or selector call, a template out."""
