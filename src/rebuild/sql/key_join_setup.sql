{{!-- Before a statement that joins a stage table with a small work table on the unique key: nothing by default. --}}
